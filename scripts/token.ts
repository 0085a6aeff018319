// `npm run token -- <create|list|revoke>`: manage moderator tokens from a shell
// on the server. Tokens are printed once at creation and stored only as hashes.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { runCli, usageError } from "./cli";
import { createToken, listTokens, revokeToken } from "@/lib/auth/tokens";
import { roles } from "@/lib/auth/permissions";

const USAGE = `usage:
  npm run token -- create --name NAME --role ${roles.join("|")} [--existing-key -]
      (--existing-key - reads a key another service already sends, e.g. plyr.fm's
       MODERATION_AUTH_TOKEN, from stdin and makes it this token)
  npm run token -- list
  npm run token -- revoke --name NAME`;

const ACTOR = "cli";

async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { name: { type: "string" }, role: { type: "string" }, "existing-key": { type: "string" } },
  });
  const [command] = positionals;
  if (command === "create") {
    const existing = values["existing-key"];
    // Only from stdin: a key on the command line would sit in the shell history and the process list.
    if (existing !== undefined && existing !== "-") return usage("--existing-key takes - and reads the key from stdin");
    const key = existing === "-" ? readFileSync(0, "utf8").trim() : undefined;
    const created = await createToken({ name: values.name ?? "", role: values.role as never }, ACTOR, key);
    if (key !== undefined) console.log(`Created ${created.role} token "${created.name}" from the existing key.`);
    else console.log(`Created ${created.role} token "${created.name}". It is shown only now:\n\n  ${created.token}\n`);
    return 0;
  }
  if (command === "list") {
    const tokens = await listTokens();
    if (!tokens.length) console.log("No tokens.");
    for (const t of tokens) {
      const state = t.revokedAt ? `revoked ${t.revokedAt.toISOString()}` : "active";
      const used = t.lastUsedAt ? `last used ${t.lastUsedAt.toISOString()}` : "never used";
      console.log(`${t.name.padEnd(24)} ${t.role.padEnd(10)} ${state.padEnd(32)} ${used}`);
    }
    return 0;
  }
  if (command === "revoke") {
    if (!values.name) return usage("--name is required");
    await revokeToken(values.name, ACTOR);
    console.log(`Revoked token "${values.name}".`);
    return 0;
  }
  return usage(command ? `unknown command ${command}` : "a command is required");
}

function usage(problem: string): number {
  return usageError("token", USAGE, problem);
}

await runCli("token", USAGE, run);
