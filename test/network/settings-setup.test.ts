// The Settings page's guided setup (POST /api/labeler/setup), one request per step,
// against the reference PDS and PLC directory (@atproto/dev-env in a child process): a
// fresh account becomes the labeler, and each failure says what failed and what to do.
import { beforeAll, describe, expect, it } from "vitest";
import * as setup from "@/app/api/labeler/setup/route";
import { db } from "@/lib/db";
import { labelerDid, labelerIdentity } from "@/lib/labels/labeler-identity";
import { runDoctor } from "@/lib/labels/network/doctor";
import { resolveDid } from "@/lib/labels/network/resolve-did";
import { call, setUpTokens, type Tokens } from "../flags/support";
import { withMigratedDatabase } from "../support/database";
import { setEnv } from "../support/env";
import { setupNetwork } from "./support";

withMigratedDatabase();

const PASSWORD = "settings-app-password";
let tokens: Tokens;
// Before the network's beforeAll: setUpTokens sets a LABELER_DID, which that one unsets.
beforeAll(async () => {
  tokens = await setUpTokens();
});
const labeler = setupNetwork("settings", PASSWORD);

const step = (body: Record<string, unknown>, token?: string) =>
  call(setup.POST, { body: { pds: labeler.net.pdsUrl, identifier: labeler.handle, password: PASSWORD, ...body }, token });

let plan: string;
let record: string;

describe("POST /api/labeler/setup against the reference PDS and PLC directory", () => {
  it("is for admins only, and names each malformed field", async () => {
    expect((await step({ step: "inspect" }, tokens.moderator)).status).toBe(403);
    const noPassword = await step({ step: "inspect", password: "" });
    expect(noPassword.status).toBe(400);
    expect(noPassword.json.error.message).toMatch(/password.*app password/);
    const badToken = await step({ step: "submit-plc", plan: "0".repeat(32), token: "not a token" });
    expect(badToken.status).toBe(400);
    expect(badToken.json.error.message).toMatch(/token/);
    expect((await step({ step: "become-admin" })).status).toBe(400);
    expect((await step({ step: "inspect", pds: "ftp://pds.example" })).json.error.message).toMatch(/pds/);
  });

  it("refuses a wrong app password (422, not a Warden sign-in, saying what to check, never echoing it) and a PUBLIC_URL that is not https", async () => {
    const wrong = await step({ step: "inspect", password: "wrong-password" });
    expect(wrong.status).toBe(422);
    expect(wrong.json.error.message).toMatch(/Wrong identifier or password .*app password/);
    expect(JSON.stringify(wrong.json)).not.toContain("wrong-password");
    const restore = setEnv({ PUBLIC_URL: "http://warden.example" });
    try {
      const http = await step({ step: "inspect" });
      expect(http.status).toBe(409);
      expect(http.json.error.message).toMatch(/PUBLIC_URL http:\/\/warden.example is not https/);
    } finally {
      restore();
    }
  });

  it("step 1 shows the resolved document, the PLC change and the record to publish, changing nothing", async () => {
    const inspected = await step({ step: "inspect" });
    expect(inspected.status, JSON.stringify(inspected.json)).toBe(200);
    const { identity } = inspected.json;
    expect(inspected.json).toMatchObject({ did: labeler.did, handle: labeler.handle, record: { isNew: true, changed: true } });
    expect(identity).toMatchObject({ method: "plc", ready: false, endpoint: labeler.endpoint });
    expect(identity.document.services.atproto_pds.endpoint).toBe(labeler.net.pdsUrl);
    expect(identity.diff).toEqual([`+ verificationMethods.atproto_label: ${(await labelerIdentity()).didKey}`, `+ services.atproto_labeler: AtprotoLabeler ${labeler.endpoint}`]);
    expect(identity.after.services).toEqual({ ...identity.document.services, atproto_labeler: { type: "AtprotoLabeler", endpoint: labeler.endpoint } });
    plan = identity.fingerprint;
    record = inspected.json.record.fingerprint;
    expect(await labeler.net.emailToken(labeler.did)).toBeNull();
  });

  it("will not publish before the DID document is done, nor email a token for a plan that was not reviewed", async () => {
    const early = await step({ step: "publish", record });
    expect(early.status).toBe(409);
    expect(early.json.error.message).toMatch(/finish step 2 first/);
    const stale = await step({ step: "request-token", plan: "f".repeat(32) });
    expect(stale.status).toBe(409);
    expect(stale.json.error.message).toMatch(/changed since you reviewed it/);
    expect(await labeler.net.emailToken(labeler.did)).toBeNull();
  });

  it("step 2 emails a token, refuses a wrong or expired one saying what to press, then submits the PLC operation", async () => {
    expect((await step({ step: "request-token", plan })).status).toBe(200);
    const token = (await labeler.net.emailToken(labeler.did))!;
    expect(token).toMatch(/^[A-Z0-9]{5}-[A-Z0-9]{5}$/);

    const invalid = await step({ step: "submit-plc", plan, token: "AAAAA-BBBBB" });
    expect(invalid.status).toBe(400);
    expect(invalid.json.error.message).toMatch(/not valid.*Email a new token/);
    const requestedAt = await labeler.net.setTokenRequestedAt(token, new Date(Date.now() - 16 * 60_000).toISOString());
    const expired = await step({ step: "submit-plc", plan, token });
    expect(expired.json.error.message).toMatch(/expired \(15 minutes.*Email a new token/);
    await labeler.net.setTokenRequestedAt(token, requestedAt);

    const submitted = await step({ step: "submit-plc", plan, token });
    expect(submitted.status, JSON.stringify(submitted.json)).toBe(200);
    expect(submitted.json.identity).toMatchObject({ ready: true, diff: [] });
    expect((await resolveDid(labeler.did, labeler.net.plcUrl)).services.atproto_labeler).toEqual({ type: "AtprotoLabeler", endpoint: labeler.endpoint });
  });

  it("step 3 publishes the reviewed record, makes the account the labeler, and doctor passes; audited under the admin", async () => {
    const published = await step({ step: "publish", record });
    expect(published.status, JSON.stringify(published.json)).toBe(200);
    expect(published.json).toEqual({ step: "publish", did: labeler.did, changed: true });
    expect(labelerDid()).toBe(labeler.did);
    expect(await runDoctor(labeler.net.plcUrl).then((checks) => checks.filter((check) => !check.ok))).toEqual([]);

    const again = await step({ step: "inspect" });
    expect(again.json).toMatchObject({ identity: { ready: true }, record: { changed: false, lines: [] } });
    expect((await step({ step: "publish", record: again.json.record.fingerprint })).json).toMatchObject({ changed: false });

    const audit = await db().auditEntry.findMany({ where: { subject: labeler.did }, orderBy: { id: "asc" } });
    expect(audit.map((entry) => entry.action)).toEqual(["labeler.plc_token", "labeler.plc_update", "labeler.publish", "labeler.account", "labeler.publish", "labeler.account"]);
    expect(JSON.stringify(audit.map((entry) => entry.detail))).not.toContain(PASSWORD);
  });
});
