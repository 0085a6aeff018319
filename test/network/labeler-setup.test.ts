// labeler setup and doctor against the atproto reference PDS and PLC directory
// (@atproto/dev-env, in-process): a fresh account becomes the labeler through a real
// email-token PLC operation and a real record write. One network for the whole file.
import { AtpAgent } from "@atproto/api";
import type { TestNetworkNoAppView } from "@atproto/dev-env";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLabels } from "@/lib/labels/create-labels";
import { labelerDid, labelerIdentity } from "@/lib/labels/labeler-identity";
import { runDoctor } from "@/lib/labels/network/doctor";
import { resolveDid } from "@/lib/labels/network/resolve-did";
import { setupLabeler, type SetupInput } from "@/lib/labels/network/setup-labeler";
import { rotateSigningKey } from "@/lib/labels/rotate-signing-key";
import { ensureDevnet, importDevEnv } from "@/scripts/devnet";
import { testDatabaseKind, withMigratedDatabase } from "../support/database";
import { setEnv } from "../support/env";
import { startTestServer, type TestServer } from "../support/label-stream";

withMigratedDatabase();

// The first run on a machine installs devnet/ (npm ci and a native build: minutes).
const INSTALL_TIMEOUT_MS = 15 * 60_000;
const PASSWORD = "labeler-app-password";

let net: TestNetworkNoAppView;
let warden: TestServer;
let endpoint: string;
let handle: string;
let did: string;

beforeAll(async () => {
  await ensureDevnet();
  const { TestNetworkNoAppView } = await importDevEnv();
  net = await TestNetworkNoAppView.create({ dbPostgresSchema: `warden_setup_${randomBytes(4).toString("hex")}` });
  warden = await startTestServer();
  // The PDS proxies to localhost but not 127.0.0.1 (platform notes); loopback http is accepted for tests.
  endpoint = warden.http.replace("127.0.0.1", "localhost");
  setEnv({ PUBLIC_URL: endpoint, LABELER_DID: undefined, PLC_URL: net.plc.url });
  handle = `labeler${randomBytes(3).toString("hex")}.test`;
  const agent = new AtpAgent({ service: net.pds.url });
  const created = await agent.createAccount({ handle, email: `${handle}@example.com`, password: PASSWORD });
  did = created.data.did;
}, INSTALL_TIMEOUT_MS);

afterAll(async () => {
  await warden?.close();
  await net?.close();
});

const lines: string[] = [];
const input = (extra: Partial<SetupInput> = {}): SetupInput => ({
  pds: net.pds.url,
  identifier: handle,
  password: PASSWORD,
  plcUrl: net.plc.url,
  actor: "test",
  say: (line) => lines.push(line),
  confirm: async () => true,
  ...extra,
});

/** The email token the PDS "sent" (dev-env has no mail server): read from its database. */
async function emailToken(): Promise<string> {
  const row = await net.pds.ctx.accountManager.db.db
    .selectFrom("email_token")
    .selectAll()
    .where("purpose", "=", "plc_operation")
    .where("did", "=", did)
    .executeTakeFirstOrThrow();
  return row.token as string;
}

const failing = (checks: { name: string; ok: boolean }[]) => checks.filter((check) => !check.ok).map((check) => check.name);

describe("labeler setup against the reference PDS and PLC directory", () => {
  it("refuses a wrong app password, saying what to check", async () => {
    await expect(setupLabeler(input({ password: "wrong-password" }))).rejects.toThrow(/Wrong identifier or password .*LABELER_ACCOUNT_PASSWORD/);
  });

  it("doctor fails before setup: the did:web has no document, so nothing else can be checked", async () => {
    expect(labelerDid()).toMatch(/^did:web:localhost/);
    const checks = await runDoctor(net.plc.url);
    expect(failing(checks)).toEqual(["did_resolves", "label_key", "labeler_endpoint", "service_record", "service_record_values", "label_verifies"]);
    expect(checks.find((check) => check.name === "did_resolves")!.detail).toMatch(/the did:web document of did:web:localhost.* not found: .* answered 404/);
    expect(checks.find((check) => check.name === "query_labels")!.ok).toBe(true);
  });

  it("refuses when LABELER_DID names another DID", async () => {
    const restore = setEnv({ LABELER_DID: "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa" });
    try {
      await expect(setupLabeler(input())).rejects.toThrow(/LABELER_DID is did:plc:a+, but .* is did:plc:/);
    } finally {
      restore();
    }
  });

  it("without --token, asks the PDS to email a token and stops, changing nothing", async () => {
    lines.length = 0;
    expect(await setupLabeler(input())).toEqual({ status: "token_requested", did });
    expect(lines.join("\n")).toMatch(/\+ services.atproto_labeler: AtprotoLabeler http:\/\/localhost:\d+/);
    expect(lines.join("\n")).toMatch(/--token TOKEN --yes/);
    expect(await emailToken()).toMatch(/^[A-Z0-9]{5}-[A-Z0-9]{5}$/);
    expect((await resolveDid(did, net.plc.url)).services.atproto_labeler).toBeUndefined();
  });

  it("refuses an invalid or an expired token", async () => {
    await expect(setupLabeler(input({ token: "AAAAA-BBBBB" }))).rejects.toThrow(/email token is not valid/);
    const token = await emailToken();
    const db = net.pds.ctx.accountManager.db.db;
    const requestedAt = (await db.selectFrom("email_token").select("requestedAt").where("token", "=", token).executeTakeFirstOrThrow()).requestedAt;
    await db.updateTable("email_token").set({ requestedAt: new Date(Date.now() - 16 * 60_000).toISOString() }).where("token", "=", token).execute();
    await expect(setupLabeler(input({ token }))).rejects.toThrow(/email token has expired \(15 minutes/);
    await db.updateTable("email_token").set({ requestedAt }).where("token", "=", token).execute();
  });

  it("with the token, submits the PLC operation (keeping every other entry) and publishes the service record; doctor passes", async () => {
    const before = await resolveDid(did, net.plc.url);
    lines.length = 0;
    const outcome = await setupLabeler(input({ token: await emailToken() }));
    expect(outcome).toEqual({ status: "done", did, plcUpdated: true, recordChanged: true });
    const after = await resolveDid(did, net.plc.url);
    const { didKey } = await labelerIdentity();
    expect(after.verificationMethods).toEqual({ ...before.verificationMethods, atproto_label: didKey });
    expect(after.services).toEqual({ ...before.services, atproto_labeler: { type: "AtprotoLabeler", endpoint } });
    expect(after.alsoKnownAs).toEqual(before.alsoKnownAs);
    expect(after.plc!.rotationKeys).toEqual(before.plc!.rotationKeys);
    expect(labelerDid()).toBe(did);

    const record = await new AtpAgent({ service: net.pds.url }).com.atproto.repo.getRecord({ repo: did, collection: "app.bsky.labeler.service", rkey: "self" });
    expect(record.data.value).toMatchObject({ policies: { labelValues: expect.arrayContaining(["copyright-violation", "spam"]) } });

    await createLabels([{ uri: `at://${did}/app.bsky.feed.post/1`, val: "spam" }], "test");
    const checks = await runDoctor(net.plc.url);
    expect(failing(checks), JSON.stringify(checks, null, 2)).toEqual([]);
    expect(checks.map((check) => check.name)).toEqual([
      "did_resolves", "label_key", "labeler_endpoint", "query_labels", "service_record", "service_record_values", "label_verifies",
    ]);
  });

  it("a second run with nothing changed changes nothing", async () => {
    lines.length = 0;
    expect(await setupLabeler(input())).toEqual({ status: "done", did, plcUpdated: false, recordChanged: false });
    expect(lines.join("\n")).toMatch(/service record .*: unchanged/i);
  });

  it("doctor names an endpoint mismatch and an undeclared emitted value", async () => {
    const restore = setEnv({ PUBLIC_URL: "http://localhost:9" });
    try {
      const checks = await runDoctor(net.plc.url);
      expect(failing(checks)).toEqual(expect.arrayContaining(["labeler_endpoint", "query_labels"]));
      expect(checks.find((check) => check.name === "labeler_endpoint")!.fix).toMatch(/labeler -- setup/);
    } finally {
      restore();
    }
  });

  it("after a key rotation doctor fails label_key until setup updates the PLC document; then a new label verifies with the resolved key", async () => {
    await rotateSigningKey({ actor: "test" });
    expect(failing(await runDoctor(net.plc.url))).toEqual(expect.arrayContaining(["label_key", "label_verifies"]));
    expect(await setupLabeler(input())).toEqual({ status: "token_requested", did });
    expect(await setupLabeler(input({ token: await emailToken() }))).toMatchObject({ status: "done", plcUpdated: true, recordChanged: false });
    await createLabels([{ uri: `at://${did}/app.bsky.feed.post/2`, val: "spam" }], "test");
    expect(failing(await runDoctor(net.plc.url))).toEqual([]);
    expect((await resolveDid(did, net.plc.url)).verificationMethods.atproto_label).toBe((await labelerIdentity()).didKey);
  });
});

// The CLI is a second process on the same database: PGlite allows one process per data
// folder, so this runs in the postgres project (which CI runs too).
describe.runIf(testDatabaseKind() === "postgres")("npm run labeler -- setup / doctor, as an operator runs them", () => {
  // Asynchronous: the PDS and PLC directory answer from this process's event loop.
  const cli = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", "scripts/labeler.ts", ...args], {
        cwd: path.resolve(import.meta.dirname, "../.."),
        env: { ...process.env, LOG_LEVEL: "silent", PUBLIC_URL: endpoint, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk));
      child.on("error", reject);
      child.on("close", (status) => resolve({ status, stdout, stderr }));
    });

  it("turns a second plain account into the labeler: token, then setup --token, then doctor --json passes", async () => {
    const second = `second${randomBytes(3).toString("hex")}.test`;
    const account = await new AtpAgent({ service: net.pds.url }).createAccount({ handle: second, email: `${second}@example.com`, password: PASSWORD });
    const secondDid = account.data.did;
    const setup = ["setup", "--pds", net.pds.url, "--identifier", second, "--plc", net.plc.url, "--yes"];
    const withPassword = { LABELER_ACCOUNT_PASSWORD: PASSWORD };

    const wrong = await cli(setup, { LABELER_ACCOUNT_PASSWORD: "nope" });
    expect(wrong.status, wrong.stderr).toBe(1);
    expect(wrong.stderr).toMatch(/Wrong identifier or password/);
    expect(wrong.stderr + wrong.stdout).not.toMatch(/nope/);

    const first = await cli(setup, withPassword);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/--token TOKEN/);
    const token = (await net.pds.ctx.accountManager.db.db
      .selectFrom("email_token").selectAll().where("purpose", "=", "plc_operation").where("did", "=", secondDid).executeTakeFirstOrThrow()).token as string;

    const done = await cli([...setup, "--token", token], withPassword);
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toMatch(new RegExp(`Done: ${secondDid} is Warden's labeler`));
    expect(done.stdout + done.stderr).not.toContain(PASSWORD);

    const doctor = await cli(["doctor", "--plc", net.plc.url, "--json"]);
    const report = JSON.parse(doctor.stdout) as { checks: { name: string; ok: boolean; detail: string; fix: string | null }[] };
    expect(failing(report.checks), doctor.stdout).toEqual([]);
    expect(doctor.status).toBe(0);
    expect(Object.keys(report.checks[0]!)).toEqual(["name", "ok", "detail", "fix"]);
  });
});
