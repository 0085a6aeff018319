// What every `npm run <tool>` script shares: migrate first, one line per error
// (2 for bad arguments, 1 for anything else), and the database closed at the end.
import { z } from "zod";
import { closeDatabase } from "@/lib/db";
import { migrateDatabase } from "@/lib/db/migrations";
import { isAppError } from "@/lib/errors";
import { loadLabelerAccount } from "@/lib/labels/network/labeler-account";
import { describeZodError } from "@/lib/http/problems";

/** node:util parseArgs throws TypeErrors with a code for unknown or malformed options. */
const isArgumentError = (error: unknown): error is TypeError => error instanceof TypeError && "code" in error;

export async function runCli(name: string, usage: string, run: (argv: string[]) => Promise<number>): Promise<never> {
  let code: number;
  try {
    await migrateDatabase();
    await loadLabelerAccount();
    code = await run(process.argv.slice(2));
  } catch (error) {
    if (isArgumentError(error)) console.error(`${name}: ${error.message}\n${usage}`);
    else if (error instanceof z.ZodError) console.error(`${name}: ${describeZodError(error, "arguments")}`);
    else if (isAppError(error)) console.error(`${name}: ${error.message}`);
    else console.error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
    code = isArgumentError(error) || error instanceof z.ZodError ? 2 : 1;
  } finally {
    await closeDatabase();
  }
  process.exit(code);
}

/** Prints a usage problem; returns the exit code for it. */
export function usageError(name: string, usage: string, problem: string): number {
  console.error(`${name}: ${problem}\n${usage}`);
  return 2;
}
