// createReport end to end against the reference PDS and PLC directory: a user's PDS
// mints the service JWT and proxies the report to Warden's #atproto_labeler endpoint,
// as the Bluesky app's reports travel; then the refusals, with tokens the real PDS
// signs (getServiceAuth) or forged ones.
import type { AtpAgent } from "@atproto/api";
import { Secp256k1Keypair } from "@atproto/crypto";
import { createServiceJwt } from "@atproto/xrpc-server";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as createReportRoute from "@/app/xrpc/com.atproto.moderation.createReport/route";
import { db } from "@/lib/db";
import { CREATE_REPORT_NSID } from "@/lib/reports/service-auth";
import { withMigratedDatabase } from "../support/database";
import { createAccount, startDevnetLabeler, type DevnetLabeler } from "../support/devnet-labeler";
import { setEnv } from "../support/env";
import { serveRoutes, type RouteServer } from "../relay/support/route-server";

withMigratedDatabase();

let server: RouteServer;
let devnet: DevnetLabeler;
let alice: { agent: AtpAgent; did: string };
let bob: { agent: AtpAgent; did: string };
let post: { uri: string; cid: string };
let restoreEnv: () => void;

beforeAll(async () => {
  server = await serveRoutes({ "/xrpc/com.atproto.moderation.createReport": { POST: createReportRoute.POST } });
  // The PDS proxies to http://localhost:PORT, never to 127.0.0.1 (platform.md).
  devnet = await startDevnetLabeler(server.url.replace("127.0.0.1", "localhost"), `reports_${randomBytes(3).toString("hex")}`);
  restoreEnv = setEnv({ LABELER_DID: devnet.labelerDid, PLC_URL: devnet.net.plc.url });
  alice = await createAccount(devnet.net, "alice");
  bob = await createAccount(devnet.net, "bob");
  const created = await bob.agent.post({ text: "a post somebody will report" });
  post = { uri: created.uri, cid: created.cid };
}, 300_000);

afterAll(async () => {
  restoreEnv?.();
  await devnet?.net.close();
  await server?.close();
});

const proxied = (agent: AtpAgent) => agent.withProxy("atproto_labeler", devnet.labelerDid);

/** POSTs straight to Warden with a token of our choosing. */
async function postWithToken(token: string, body: unknown = { reasonType: "com.atproto.moderation.defs#reasonSpam", subject: { $type: "com.atproto.admin.defs#repoRef", did: "did:plc:ewvi7nxzyoun6zhxrhs64oiz" } }) {
  const response = await fetch(`${server.url}/xrpc/${CREATE_REPORT_NSID}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${token}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, json: (await response.json()) as { error?: string; message?: string } };
}

/** A token the user's PDS signs with their repo key, as for proxying. */
async function pdsToken(agent: AtpAgent, params: { aud?: string; lxm?: string; exp?: number } = {}): Promise<string> {
  const { data } = await agent.com.atproto.server.getServiceAuth({ aud: params.aud ?? devnet.labelerDid, lxm: params.lxm ?? CREATE_REPORT_NSID, exp: params.exp });
  return data.token;
}

describe("createReport through the reference PDS", () => {
  it("records a post reported with withProxy('atproto_labeler', labelerDid) and answers per the lexicon", async () => {
    const { data } = await proxied(alice.agent).com.atproto.moderation.createReport({
      reasonType: "com.atproto.moderation.defs#reasonSpam",
      reason: "buy my stuff",
      subject: { $type: "com.atproto.repo.strongRef", ...post },
    });
    expect(data).toEqual({
      id: expect.any(Number),
      reasonType: "com.atproto.moderation.defs#reasonSpam",
      reason: "buy my stuff",
      subject: { $type: "com.atproto.repo.strongRef", ...post },
      reportedBy: alice.did,
      createdAt: expect.any(String),
    });
    const subject = await db().reportSubject.findUniqueOrThrow({ where: { key: post.uri } });
    expect(subject).toMatchObject({ kind: "record", author: bob.did, state: "open", reportCount: 1, reporterCount: 1, reasonTypes: ["com.atproto.moderation.defs#reasonSpam"] });
  });

  it("records a repeat by the same reporter once, and a second reporter on the same subject row", async () => {
    const report = { reasonType: "com.atproto.moderation.defs#reasonSpam", subject: { $type: "com.atproto.repo.strongRef", ...post } };
    const first = await proxied(alice.agent).com.atproto.moderation.createReport(report);
    const again = await proxied(alice.agent).com.atproto.moderation.createReport(report);
    expect(again.data.id).toBe(first.data.id);
    const { uri } = post;
    await proxied(devnet.labelerAgent).com.atproto.moderation.createReport({ ...report, reasonType: "tools.ozone.report.defs#reasonMisleadingScam" });
    const subject = await db().reportSubject.findUniqueOrThrow({ where: { key: uri } });
    expect(subject).toMatchObject({ reportCount: 2, reporterCount: 2 });
    expect(subject.reasonTypes).toContain("tools.ozone.report.defs#reasonMisleadingScam");
  });

  it("takes an appeal only from the subject's own account", async () => {
    const appeal = { reasonType: "com.atproto.moderation.defs#reasonAppeal", subject: { $type: "com.atproto.repo.strongRef", ...post } };
    await expect(proxied(alice.agent).com.atproto.moderation.createReport(appeal)).rejects.toThrow(/cannot appeal/);
    await proxied(bob.agent).com.atproto.moderation.createReport(appeal);
    expect(await db().reportSubject.findUniqueOrThrow({ where: { key: post.uri } })).toMatchObject({ appealed: true });
  });

  it("answers a reason outside the declaration with 'Invalid reason type', as the app expects", async () => {
    await db().labelerSettings.upsert({ where: { id: 1 }, create: { reasonTypes: ["com.atproto.moderation.defs#reasonSpam"] }, update: { reasonTypes: ["com.atproto.moderation.defs#reasonSpam"] } });
    try {
      const rude = { reasonType: "com.atproto.moderation.defs#reasonRude", subject: { $type: "com.atproto.admin.defs#repoRef", did: bob.did } };
      await expect(proxied(alice.agent).com.atproto.moderation.createReport(rude)).rejects.toThrow(/^Invalid reason type/);
      // A new reason whose legacy equivalent is declared passes.
      const scam = { reasonType: "tools.ozone.report.defs#reasonMisleadingSpam", subject: { $type: "com.atproto.admin.defs#repoRef", did: bob.did } };
      expect((await proxied(alice.agent).com.atproto.moderation.createReport(scam)).data.reportedBy).toBe(alice.did);
    } finally {
      await db().labelerSettings.update({ where: { id: 1 }, data: { reasonTypes: undefined } });
      await db().$executeRaw`UPDATE labeler_settings SET reason_types = NULL`;
    }
  });

  it("answers a suspended reporter with AccountTakedown", async () => {
    const carol = await createAccount(devnet.net, "carol");
    await db().reporterRestriction.create({ data: { reporter: carol.did, kind: "suspended", updatedBy: "test" } });
    const report = { reasonType: "com.atproto.moderation.defs#reasonSpam", subject: { $type: "com.atproto.admin.defs#repoRef", did: bob.did } };
    await expect(proxied(carol.agent).com.atproto.moderation.createReport(report)).rejects.toMatchObject({ error: "AccountTakedown" });
  });
});

describe("createReport refuses bad service auth with 401 and the XRPC error name", () => {
  it("a token the PDS signed works once; its replay is refused", async () => {
    const token = await pdsToken(alice.agent);
    expect((await postWithToken(token)).status).toBe(200);
    expect(await postWithToken(token)).toMatchObject({ status: 401, json: { error: "BadJwt", message: expect.stringMatching(/already used/) } });
  });

  it("accepts aud did#atproto_labeler, refuses any other audience", async () => {
    expect((await postWithToken(await pdsToken(alice.agent, { aud: `${devnet.labelerDid}#atproto_labeler` }))).status).toBe(200);
    expect(await postWithToken(await pdsToken(alice.agent, { aud: alice.did }))).toMatchObject({ status: 401, json: { error: "BadJwtAudience" } });
    expect(await postWithToken(await pdsToken(alice.agent, { aud: `${devnet.labelerDid}#atproto_pds` }))).toMatchObject({ status: 401, json: { error: "BadJwtAudience" } });
  });

  it("refuses another method's token (lxm)", async () => {
    const token = await pdsToken(alice.agent, { lxm: "com.atproto.label.queryLabels" });
    expect(await postWithToken(token)).toMatchObject({ status: 401, json: { error: "BadJwtLexiconMethod" } });
  });

  it("refuses an expired token", async () => {
    const token = await pdsToken(alice.agent, { exp: Math.floor(Date.now() / 1000) + 2 });
    await new Promise((resolve) => setTimeout(resolve, 3100));
    expect(await postWithToken(token)).toMatchObject({ status: 401, json: { error: "JwtExpired" } });
  });

  it("refuses a token signed with a key that is not the issuer's (forged)", async () => {
    const forger = await Secp256k1Keypair.create();
    const token = await createServiceJwt({ iss: alice.did, aud: devnet.labelerDid, lxm: CREATE_REPORT_NSID, keypair: forger });
    expect(await postWithToken(token)).toMatchObject({ status: 401, json: { error: "BadJwtSignature" } });
  });

  it("refuses an issuer the PLC directory does not know", async () => {
    const keypair = await Secp256k1Keypair.create();
    const token = await createServiceJwt({ iss: "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", aud: devnet.labelerDid, lxm: CREATE_REPORT_NSID, keypair });
    expect(await postWithToken(token)).toMatchObject({ status: 401, json: { error: "BadJwtIss" } });
  });

  it("refuses a missing token, an access-token typ and a token living too long", async () => {
    const response = await fetch(`${server.url}/xrpc/${CREATE_REPORT_NSID}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ reasonType: "com.atproto.moderation.defs#reasonSpam", subject: { $type: "com.atproto.admin.defs#repoRef", did: bob.did } }) });
    expect(response.status).toBe(401);
    const keypair = await Secp256k1Keypair.create();
    const long = await createServiceJwt({ iss: alice.did, aud: devnet.labelerDid, lxm: CREATE_REPORT_NSID, keypair, exp: Math.floor(Date.now() / 1000) + 3600 });
    expect(await postWithToken(long)).toMatchObject({ status: 401, json: { error: "BadJwt", message: expect.stringMatching(/expires more than/) } });
    const [, payload, signature] = (await pdsToken(alice.agent)).split(".");
    const accessTyped = `${Buffer.from(JSON.stringify({ typ: "at+jwt", alg: "ES256K" })).toString("base64url")}.${payload}.${signature}`;
    expect(await postWithToken(accessTyped)).toMatchObject({ status: 401, json: { error: "BadJwtType" } });
  });
});
