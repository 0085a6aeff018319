// `npm run labeler -- <info|rotate-key>`: the labeler's identity from a shell on the
// server. `info` shows only public material; the private key is never printed.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { runCli, usageError } from "./cli";
import { labelerInfo, type LabelerInfo } from "@/lib/labels/labeler-info";
import { rotateSigningKey } from "@/lib/labels/rotate-signing-key";

const USAGE = `usage:
  npm run labeler -- info [--json]
  npm run labeler -- rotate-key [--key HEX | --key -]   (- reads the key from stdin)`;

const ACTOR = "cli";

async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { json: { type: "boolean" }, key: { type: "string" } },
  });
  const [command, ...extra] = positionals;
  if (extra.length) return usage(`unexpected argument ${extra[0]}`);
  if (command === "info") {
    const info = await labelerInfo();
    console.log(values.json ? JSON.stringify(info, null, 2) : describe(info));
    return 0;
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

function usage(problem: string): number {
  return usageError("labeler", USAGE, problem);
}

await runCli("labeler", USAGE, run);
