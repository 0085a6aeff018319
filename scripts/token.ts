// `npm run token -- <create|list|revoke>`: manage moderator tokens from a shell
// on the server. Tokens are printed once at creation and stored only as hashes.
import { parseArgs } from "node:util";
import { createToken, listTokens, revokeToken } from "@/lib/auth/tokens";
import { roles } from "@/lib/auth/permissions";
import { closeDatabase } from "@/lib/db";
import { migrateDatabase } from "@/lib/db/migrations";
import { isAppError } from "@/lib/errors";
import { describeZodError } from "@/lib/http/problems";
import { z } from "zod";

const USAGE = `usage:
  npm run token -- create --name NAME --role ${roles.join("|")}
  npm run token -- list
  npm run token -- revoke --name NAME`;

const ACTOR = "cli";

async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { name: { type: "string" }, role: { type: "string" } },
  });
  const [command] = positionals;
  if (command === "create") {
    const created = await createToken({ name: values.name ?? "", role: values.role as never }, ACTOR);
    console.log(`Created ${created.role} token "${created.name}". It is shown only now:\n\n  ${created.token}\n`);
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
  console.error(`token: ${problem}\n${USAGE}`);
  return 2;
}

let code: number;
try {
  await migrateDatabase();
  code = await run(process.argv.slice(2));
} catch (error) {
  if (isAppError(error)) console.error(`token: ${error.message}`);
  else if (error instanceof z.ZodError) console.error(`token: ${describeZodError(error, "arguments")}`);
  else if (error instanceof TypeError && "code" in error) console.error(`token: ${error.message}\n${USAGE}`);
  else console.error(`token: ${error instanceof Error ? error.message : String(error)}`);
  code = error instanceof TypeError && "code" in error ? 2 : 1;
} finally {
  await closeDatabase();
}
process.exit(code!);
