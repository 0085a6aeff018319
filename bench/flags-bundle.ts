import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { gzipSync } from "node:zlib";

const require = createRequire(import.meta.url);

type Manifest = { entryJSFiles: Record<string, string[]> };

/**
 * Gzipped JavaScript a browser loads for a route, from a build's manifests: the
 * runtime every App Router page loads (rootMainFiles) plus the route's client entries
 * (its layouts, page and boundaries). Null without a build.
 */
export function bundleSizes() {
  const distDir = [process.env.NEXT_DIST_DIR, ".next-flags", ".next"].find((dir) => dir && existsSync(path.join(dir, "build-manifest.json")));
  if (!distDir) return null;
  const build = JSON.parse(readFileSync(path.join(distDir, "build-manifest.json"), "utf8")) as { rootMainFiles: string[] };
  const gz = (file: string) => gzipSync(readFileSync(path.join(distDir, file)), { level: 9 }).length;
  const sum = (files: Iterable<string>) => [...files].reduce((total, file) => total + gz(file), 0);

  function route(page: string, manifestFile: string) {
    const holder = globalThis as { __RSC_MANIFEST?: Record<string, Manifest> };
    holder.__RSC_MANIFEST = {};
    require(path.resolve(distDir!, "server/app", `${manifestFile}_client-reference-manifest.js`));
    const manifest = holder.__RSC_MANIFEST[page]!;
    const files = new Set(build.rootMainFiles);
    for (const chunks of Object.values(manifest.entryJSFiles)) for (const chunk of chunks) files.add(chunk);
    return { total: sum(files) };
  }

  return {
    distDir,
    runtime: sum(build.rootMainFiles),
    review: route("/review/[id]/page", "review/[id]/page"),
    flags: route("/(dashboard)/flags/page", "(dashboard)/flags/page"),
    login: route("/login/page", "login/page"),
  };
}
