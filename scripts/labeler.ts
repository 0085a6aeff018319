// `npm run labeler -- <info|setup|doctor|rotate-key>`: the labeler's identity from a
// shell on the server. `info` shows only public material; the private key is never
// printed; the account's app password lives only for the run.
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { runCli, usageError } from "./cli";
import { env } from "@/lib/env";
import { labelerInfo, type LabelerInfo } from "@/lib/labels/labeler-info";
import { runDoctor } from "@/lib/labels/network/doctor";
import { DEFAULT_PLC_URL } from "@/lib/labels/network/resolve-did";
import { setupLabeler } from "@/lib/labels/network/setup-labeler";
import { rotateSigningKey } from "@/lib/labels/rotate-signing-key";

const USAGE = `usage:
  npm run labeler -- info [--json]
  npm run labeler -- setup --pds URL --identifier HANDLE_OR_DID [--plc URL] [--token EMAIL_TOKEN] [--yes] [--password -]
      (the app password from LABELER_ACCOUNT_PASSWORD, or stdin with --password -)
  npm run labeler -- doctor [--plc URL] [--json]
  npm run labeler -- rotate-key [--key HEX | --key -]   (- reads the key from stdin)`;

const ACTOR = "cli";

async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: "boolean" },
      key: { type: "string" },
      pds: { type: "string" },
      identifier: { type: "string" },
      plc: { type: "string" },
      token: { type: "string" },
      password: { type: "string" },
      yes: { type: "boolean" },
    },
  });
  const plcUrl = values.plc ?? env().PLC_URL ?? DEFAULT_PLC_URL;
  const [command, ...extra] = positionals;
  if (extra.length) return usage(`unexpected argument ${extra[0]}`);
  if (command === "info") {
    const info = await labelerInfo();
    console.log(values.json ? JSON.stringify(info, null, 2) : describe(info));
    return 0;
  }
  if (command === "setup") {
    if (!values.pds) return usage("setup: --pds URL is required (the account's PDS, e.g. https://bsky.social)");
    if (!values.identifier) return usage("setup: --identifier HANDLE_OR_DID is required");
    if (values.password !== undefined && values.password !== "-") return usage("setup: --password only takes - (stdin); put the app password in LABELER_ACCOUNT_PASSWORD");
    const password = values.password === "-" ? readFileSync(0, "utf8").trim() : process.env.LABELER_ACCOUNT_PASSWORD;
    if (!password) return usage("setup: no password: set LABELER_ACCOUNT_PASSWORD to an app password of the account, or pass --password - and pipe it in");
    const outcome = await setupLabeler({
      pds: values.pds,
      identifier: values.identifier,
      password,
      plcUrl,
      token: values.token,
      actor: ACTOR,
      say: (line) => console.log(line),
      confirm: (question) => confirm(question, values.yes === true, values.password === "-"),
    });
    if (outcome.status === "done") {
      console.log(`Done: ${outcome.did} is Warden's labeler. Check it with \`npm run labeler -- doctor${values.plc ? ` --plc ${values.plc}` : ""}\`.`);
      if (!env().LABELER_DID) console.log(`A Warden server already running signs as its old DID until restarted (or set LABELER_DID=${outcome.did}).`);
    }
    if (outcome.status === "declined") console.log("Stopped: nothing was submitted.");
    return outcome.status === "done" || outcome.status === "token_requested" ? 0 : 1;
  }
  if (command === "doctor") {
    const checks = await runDoctor(plcUrl);
    if (values.json) console.log(JSON.stringify({ checks }, null, 2));
    else for (const check of checks) console.log(`${check.ok ? "ok  " : "FAIL"} ${check.name}: ${check.detail}${check.fix ? `\n     fix: ${check.fix}` : ""}`);
    return checks.every((check) => check.ok) ? 0 : 1;
  }
  if (command === "rotate-key") {
    // `--key -` keeps the secret out of the shell history and the process list.
    const newKeyHex = values.key === "-" ? readFileSync(0, "utf8").trim() : values.key;
    if (values.key !== undefined && !newKeyHex) return usage("--key: no key given");
    const started = performance.now();
    const result = await rotateSigningKey({ actor: ACTOR, newKeyHex });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`Rotated the signing key of ${result.did} in ${seconds} s.
  old (retired)  ${result.from}
  new            ${result.to}
  labels re-signed: ${result.resigned}, cts unchanged
Next:`);
    if (result.source === "environment") {
      console.log("  - Set LABELER_SIGNING_KEY to the new key and restart every Warden process; until then they refuse to emit.");
    }
    if (result.did.startsWith("did:plc:")) {
      console.log(`  - Update verificationMethods.atproto_label in the DID's PLC operation to ${result.to}.`);
    } else {
      console.log("  - /.well-known/did.json serves the new key now.");
    }
    return 0;
  }
  return usage(command ? `unknown command ${command}` : "a command is required");
}

function describe(info: LabelerInfo): string {
  const lines = [
    `DID                 ${info.did}`,
    `signing key         ${info.didKey}   (${info.source === "environment" ? "LABELER_SIGNING_KEY" : "kept in the database"})`,
    `publicKeyMultibase  ${info.publicKeyMultibase}   (Multikey, secp256k1)`,
    `service endpoint    ${info.endpoint ?? "unknown: set PUBLIC_URL"}`,
    `label stream        ${info.streamUrl ?? "unknown: set PUBLIC_URL"}`,
  ];
  const warnings: string[] = [];
  if (info.restartNeeded) warnings.push("LABELER_SIGNING_KEY holds a retired key: set it to the key above and restart.");
  if (info.newestLabelVerifies === false) {
    warnings.push("The newest stored label is not signed by this key: is this shell missing the server's LABELER_SIGNING_KEY?");
  }
  if (!info.endpoint) warnings.push("PUBLIC_URL is not set: the endpoint and stream URL must be public https:// addresses.");
  else if (!info.endpoint.startsWith("https://")) warnings.push("PUBLIC_URL is not https://: Bluesky apps only reach labelers over TLS.");
  if (info.didDocumentUrl && info.endpoint && new URL(info.didDocumentUrl).host !== new URL(info.endpoint).host) {
    warnings.push(`${info.did} resolves at ${info.didDocumentUrl}, which is not this service (PUBLIC_URL).`);
  }

  lines.push("", "To announce the labeler:");
  if (info.didDocumentUrl) {
    lines.push(`  did:web: Warden serves the document at ${info.didDocumentUrl} (the Multikey #atproto_label and the`);
    lines.push("  #atproto_labeler service). The DID's host must route /.well-known/did.json to Warden.");
  }
  lines.push(`  did:plc${info.didDocumentUrl ? " (set LABELER_DID to it)" : ""}: add these to the DID's PLC operation, keeping its other entries:`);
  lines.push(...JSON.stringify(info.plc, null, 2).split("\n").map((line) => `  ${line}`));
  lines.push("  Then publish an app.bsky.labeler.service record in the labeler account's repository.");
  if (warnings.length) lines.push("", ...warnings.map((warning) => `warning: ${warning}`));
  return lines.join("\n");
}

/** --yes answers every question; otherwise asked on a terminal (stdin), and refused without one. */
async function confirm(question: string, yes: boolean, stdinUsed: boolean): Promise<boolean> {
  if (yes) return true;
  if (stdinUsed || !process.stdin.isTTY) {
    console.log(`${question} No terminal to ask on: run again with --yes to answer yes.`);
    return false;
  }
  const prompt = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await prompt.question(`${question} [y/N] `)).trim());
  } finally {
    prompt.close();
  }
}

function usage(problem: string): number {
  return usageError("labeler", USAGE, problem);
}

await runCli("labeler", USAGE, run);
