// labeler setup and doctor against the atproto reference PDS and PLC directory
// (@atproto/dev-env, in a child process): a fresh account becomes the labeler through a real
// email-token PLC operation and a real record write. One network for the whole file.
import { AtpAgent } from "@atproto/api";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createLabels } from "@/lib/labels/create-labels";
import { labelerDid, labelerIdentity } from "@/lib/labels/labeler-identity";
import { saveLabelDefinition } from "@/lib/labels/definitions/label-definitions";
import { runDoctor } from "@/lib/labels/network/doctor";
import { republishServiceRecord } from "@/lib/labels/network/republish-service-record";
import { resolveDid } from "@/lib/labels/network/resolve-did";
import { setupLabeler, type SetupInput } from "@/lib/labels/network/setup-labeler";
import { rotateSigningKey } from "@/lib/labels/rotate-signing-key";
import { testDatabaseKind, withMigratedDatabase } from "../support/database";
import { setEnv } from "../support/env";
import { setupNetwork } from "./support";

withMigratedDatabase();

const PASSWORD = "labeler-app-password";
const labeler = setupNetwork("labeler", PASSWORD);

const lines: string[] = [];
const input = (extra: Partial<SetupInput> = {}): SetupInput => ({
  pds: labeler.net.pdsUrl,
  identifier: labeler.handle,
  password: PASSWORD,
  plcUrl: labeler.net.plcUrl,
  actor: "test",
  say: (line) => lines.push(line),
  confirm: async () => true,
  ...extra,
});

async function emailToken(): Promise<string> {
  const token = await labeler.net.emailToken(labeler.did);
  if (!token) throw new Error("no email token requested");
  return token;
}

const failing = (checks: { name: string; ok: boolean }[]) => checks.filter((check) => !check.ok).map((check) => check.name);

// The CLI is a second process on the same database: PGlite allows one process per data
// folder, so this runs in the postgres project (which CI runs too).
// Four CLI processes, each loading TypeScript through tsx: about 15 s on a quiet machine.
const CLI_TEST_TIMEOUT_MS = 120_000;

describe.runIf(testDatabaseKind() === "postgres")("npm run labeler -- setup / doctor, as an operator runs them", () => {
  // Asynchronous: the PDS and PLC directory answer from this process's event loop.
  const cli = (args: string[], env: Record<string, string> = {}) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ["--import", "tsx", "scripts/labeler.ts", ...args], {
        cwd: path.resolve(import.meta.dirname, "../.."),
        env: { ...process.env, LOG_LEVEL: "silent", PUBLIC_URL: labeler.endpoint, ...env },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let stdout = "";
      let stderr = "";
      child.stdout.on("data", (chunk: Buffer) => (stdout += chunk));
      child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk));
      child.on("error", reject);
      child.on("close", (status) => resolve({ status, stdout, stderr }));
    });

  it("turns a second plain account into the labeler: token, then setup --token, then doctor --json passes", async () => {
    const second = `second${randomBytes(3).toString("hex")}.test`;
    const account = await new AtpAgent({ service: labeler.net.pdsUrl }).createAccount({ handle: second, email: `${second}@example.com`, password: PASSWORD });
    const secondDid = account.data.did;
    const setup = ["setup", "--pds", labeler.net.pdsUrl, "--identifier", second, "--plc", labeler.net.plcUrl, "--yes"];
    const withPassword = { LABELER_ACCOUNT_PASSWORD: PASSWORD };

    const wrong = await cli(setup, { LABELER_ACCOUNT_PASSWORD: "nope" });
    expect(wrong.status, wrong.stderr).toBe(1);
    expect(wrong.stderr).toMatch(/Wrong identifier or password/);
    expect(wrong.stderr + wrong.stdout).not.toMatch(/nope/);

    const first = await cli(setup, withPassword);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/--token TOKEN/);
    const token = (await labeler.net.emailToken(secondDid))!;

    const done = await cli([...setup, "--token", token], withPassword);
    expect(done.status, done.stderr).toBe(0);
    expect(done.stdout).toMatch(new RegExp(`Done: ${secondDid} is Warden's labeler`));
    expect(done.stdout + done.stderr).not.toContain(PASSWORD);

    const doctor = await cli(["doctor", "--plc", labeler.net.plcUrl, "--json"]);
    const report = JSON.parse(doctor.stdout) as { checks: { name: string; ok: boolean; detail: string; fix: string | null }[] };
    expect(failing(report.checks), doctor.stdout).toEqual([]);
    expect(doctor.status).toBe(0);
    expect(Object.keys(report.checks[0]!)).toEqual(["name", "ok", "detail", "fix"]);
  }, CLI_TEST_TIMEOUT_MS);
});

describe("labeler setup against the reference PDS and PLC directory", () => {
  it("refuses a wrong app password, saying what to check", async () => {
    await expect(setupLabeler(input({ password: "wrong-password" }))).rejects.toThrow(/Wrong identifier or password .*LABELER_ACCOUNT_PASSWORD/);
  });

  it("doctor fails before setup: the did:web has no document, so nothing else can be checked", async () => {
    expect(labelerDid()).toMatch(/^did:web:localhost/);
    const checks = await runDoctor(labeler.net.plcUrl);
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
    expect(await setupLabeler(input())).toEqual({ status: "token_requested", did: labeler.did });
    expect(lines.join("\n")).toMatch(/\+ services.atproto_labeler: AtprotoLabeler http:\/\/localhost:\d+/);
    expect(lines.join("\n")).toMatch(/--token TOKEN --yes/);
    expect(await emailToken()).toMatch(/^[A-Z0-9]{5}-[A-Z0-9]{5}$/);
    expect((await resolveDid(labeler.did, labeler.net.plcUrl)).services.atproto_labeler).toBeUndefined();
  });

  it("refuses an invalid or an expired token", async () => {
    await expect(setupLabeler(input({ token: "AAAAA-BBBBB" }))).rejects.toThrow(/email token is not valid/);
    const token = await emailToken();
    const requestedAt = await labeler.net.setTokenRequestedAt(token, new Date(Date.now() - 16 * 60_000).toISOString());
    await expect(setupLabeler(input({ token }))).rejects.toThrow(/email token has expired \(15 minutes/);
    await labeler.net.setTokenRequestedAt(token, requestedAt);
  });

  it("with the token, submits the PLC operation (keeping every other entry) and publishes the service record; doctor passes", async () => {
    const before = await resolveDid(labeler.did, labeler.net.plcUrl);
    lines.length = 0;
    const outcome = await setupLabeler(input({ token: await emailToken() }));
    expect(outcome).toEqual({ status: "done", did: labeler.did, plcUpdated: true, recordChanged: true });
    const after = await resolveDid(labeler.did, labeler.net.plcUrl);
    const { didKey } = await labelerIdentity();
    expect(after.verificationMethods).toEqual({ ...before.verificationMethods, atproto_label: didKey });
    expect(after.services).toEqual({ ...before.services, atproto_labeler: { type: "AtprotoLabeler", endpoint: labeler.endpoint } });
    expect(after.alsoKnownAs).toEqual(before.alsoKnownAs);
    expect(after.plc!.rotationKeys).toEqual(before.plc!.rotationKeys);
    expect(labelerDid()).toBe(labeler.did);

    const record = await new AtpAgent({ service: labeler.net.pdsUrl }).com.atproto.repo.getRecord({ repo: labeler.did, collection: "app.bsky.labeler.service", rkey: "self" });
    expect(record.data.value).toMatchObject({ policies: { labelValues: expect.arrayContaining(["copyright-violation", "spam"]) } });

    await createLabels([{ uri: `at://${labeler.did}/app.bsky.feed.post/1`, val: "spam" }], "test");
    const checks = await runDoctor(labeler.net.plcUrl);
    expect(failing(checks), JSON.stringify(checks, null, 2)).toEqual([]);
    expect(checks.map((check) => check.name)).toEqual([
      "did_resolves", "label_key", "labeler_endpoint", "query_labels", "service_record", "service_record_values", "label_verifies",
    ]);
  });

  it("a second run with nothing changed changes nothing", async () => {
    lines.length = 0;
    expect(await setupLabeler(input())).toEqual({ status: "done", did: labeler.did, plcUpdated: false, recordChanged: false });
    expect(lines.join("\n")).toMatch(/service record .*: unchanged/i);
  });

  it("doctor names an endpoint mismatch and an undeclared emitted value", async () => {
    const restore = setEnv({ PUBLIC_URL: "http://localhost:9" });
    try {
      const checks = await runDoctor(labeler.net.plcUrl);
      expect(failing(checks)).toEqual(expect.arrayContaining(["labeler_endpoint", "query_labels"]));
      expect(checks.find((check) => check.name === "labeler_endpoint")!.fix).toMatch(/labeler -- setup/);
    } finally {
      restore();
    }
  });

  it("after a key rotation doctor fails label_key until setup updates the PLC document; then a new label verifies with the resolved key", async () => {
    await rotateSigningKey({ actor: "test" });
    expect(failing(await runDoctor(labeler.net.plcUrl))).toEqual(expect.arrayContaining(["label_key", "label_verifies"]));
    expect(await setupLabeler(input())).toEqual({ status: "token_requested", did: labeler.did });
    expect(await setupLabeler(input({ token: await emailToken() }))).toMatchObject({ status: "done", plcUpdated: true, recordChanged: false });
    await createLabels([{ uri: `at://${labeler.did}/app.bsky.feed.post/2`, val: "spam" }], "test");
    expect(failing(await runDoctor(labeler.net.plcUrl))).toEqual([]);
    expect((await resolveDid(labeler.did, labeler.net.plcUrl)).verificationMethods.atproto_label).toBe((await labelerIdentity()).didKey);
  });
});

describe("re-publishing after a definition change (the Settings action)", () => {
  it("publishes the new definition once, then reports nothing to change; a wrong password says so", async () => {
    await expect(republishServiceRecord("wrong-password", "alice")).rejects.toThrow(/Wrong identifier or password/);
    await saveLabelDefinition({ identifier: "rude", severity: "alert", blurs: "content", locales: [{ lang: "en", name: "Rude", description: "Rude" }] }, "alice");
    const first = await republishServiceRecord(PASSWORD, "alice");
    expect(first).toMatchObject({ did: labeler.did, changed: true });
    expect(first.lines.join("\n")).toMatch(/\+ .*"rude"/);
    expect(await republishServiceRecord(PASSWORD, "alice")).toMatchObject({ changed: false });
    const record = await new AtpAgent({ service: labeler.net.pdsUrl }).com.atproto.repo.getRecord({ repo: labeler.did, collection: "app.bsky.labeler.service", rkey: "self" });
    expect((record.data.value as { policies: { labelValues: string[] } }).policies.labelValues).toContain("rude");
  });
});
