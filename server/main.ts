import { env, EnvError } from "@/lib/env";
import { logger } from "@/lib/log";
import { startServer } from "./server";

/** Entry point: a bad configuration ends the process with one line naming the variable. */
async function main(): Promise<void> {
  try {
    env();
  } catch (error) {
    if (error instanceof EnvError) {
      process.stderr.write(`warden: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const dev = process.argv.includes("--dev");
  await startServer({ dev });
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, "failed to start");
  process.exit(1);
});
