// ESLint rule: a "use client" module must not reach, through its imports, a module
// that has to stay on the server (the database, secrets from lib/env, signing keys,
// Node's built-ins). Next would ship such code to the browser or fail the build far
// from the cause; this names the import chain instead. Type-only imports are erased
// at compile time and do not count.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");

/** Packages and project modules that are server-only wherever they are imported from. */
const SERVER_ONLY = [
  /^node:/,
  /^(pg|pg-copy-streams|pino|secp256k1|tiny-secp256k1|ws|@prisma\/.*|@electric-sql\/pglite|@atproto\/crypto|next\/headers|next-auth)$/,
];
/** Project modules that are server-only, by path from the root. */
const SERVER_ONLY_FILES = /^lib\/(db\/|env\.ts$)/;

// Value imports and re-exports; `import type` / `export type` are skipped.
const IMPORT = /^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s+)?["']([^"']+)["']/gm;

const importsCache = new Map();

function importsOf(file) {
  if (!importsCache.has(file)) {
    const source = readFileSync(file, "utf8");
    importsCache.set(file, [...source.matchAll(IMPORT)].map((match) => match[1]));
  }
  return importsCache.get(file);
}

function resolve(specifier, fromFile) {
  let base;
  if (specifier.startsWith("@/")) base = path.join(ROOT, specifier.slice(2));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(fromFile), specifier);
  else return null;
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), path.join(base, "index.tsx")]) {
    if (/\.tsx?$/.test(candidate) && existsSync(candidate)) return candidate;
  }
  return null;
}

const isServerOnly = (specifier, fromFile) => {
  if (SERVER_ONLY.some((pattern) => pattern.test(specifier))) return true;
  const file = resolve(specifier, fromFile);
  return file !== null && SERVER_ONLY_FILES.test(path.relative(ROOT, file));
};

/** The chain of specifiers from `file` to a server-only import, or null. */
function serverChain(file, seen) {
  if (seen.has(file)) return null;
  seen.add(file);
  for (const specifier of importsOf(file)) {
    if (isServerOnly(specifier, file)) return [specifier];
    const next = resolve(specifier, file);
    const rest = next && serverChain(next, seen);
    if (rest) return [specifier, ...rest];
  }
  return null;
}

/** @type {import("eslint").Rule.RuleModule} */
const rule = {
  meta: {
    type: "problem",
    docs: { description: "client components must not import server-only modules, directly or through others" },
    schema: [],
  },
  create(context) {
    const filename = context.filename;
    return {
      Program(program) {
        const first = program.body[0];
        if (first?.type !== "ExpressionStatement" || first.directive !== "use client") return;
        for (const node of program.body) {
          if ((node.type !== "ImportDeclaration" && node.type !== "ExportNamedDeclaration" && node.type !== "ExportAllDeclaration") || !node.source) continue;
          if (node.importKind === "type" || node.exportKind === "type") continue;
          const specifier = node.source.value;
          const direct = isServerOnly(specifier, filename);
          const next = resolve(specifier, filename);
          const chain = direct ? [specifier] : next && serverChain(next, new Set());
          if (!chain) continue;
          const via = direct ? "" : ` through ${[specifier, ...chain].join(" -> ")}`;
          context.report({ node, message: `A "use client" module must not import server-only code (${chain.at(-1)})${via}.` });
        }
      },
    };
  },
};

const plugin = { rules: { "client-boundary": rule } };
export default plugin;
