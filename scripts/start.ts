// `npm start`: build the app when there is no build or the sources changed since,
// then run the production server. Run with tsx (the server uses path aliases).
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

const SOURCES = ["app", "components", "lib", "public", "next.config.ts", "package.json", "postcss.config.mjs"];
const BUILD_ID = `${process.env.NEXT_DIST_DIR || ".next"}/BUILD_ID`;

function newestMtime(entry: string): number {
  if (!existsSync(entry)) return 0;
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(
    stat.mtimeMs,
    ...readdirSync(entry)
      .filter((name) => name !== "generated")
      .map((name) => newestMtime(path.join(entry, name))),
  );
}

const builtAt = existsSync(BUILD_ID) ? statSync(BUILD_ID).mtimeMs : 0;
if (builtAt < Math.max(...SOURCES.map(newestMtime))) {
  console.log(builtAt ? "Sources changed since the last build: rebuilding…" : "First start: building the app…");
  execFileSync("next", ["build"], { stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
}

Object.assign(process.env, { NODE_ENV: "production" });
await import("../server/main.ts");
