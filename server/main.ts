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
  // tsx turned source maps on for our TypeScript. With them on, Node reads and keeps the
  // map of every module it loads, original sources included (Next's runtime alone ~18 MB):
  // ~40 MB of heap and ~70 MB of RSS. Stacks keep every frame, at the positions of the
  // code that runs (decision 015).
  if (!dev) process.setSourceMapsEnabled(false);
  await startServer({ dev });
}

main().catch((error: unknown) => {
  logger.fatal({ err: error }, "failed to start");
  process.exit(1);
});
