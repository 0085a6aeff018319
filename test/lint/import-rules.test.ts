// The import rules of eslint.config.mjs fire on what they forbid and stay quiet on what
// they allow. Each case writes a few lines to a throwaway folder inside the layer it
// tests (import/no-cycle reads modules from disk) and lints them there.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import { testDatabaseKind } from "../support/database";

const root = path.resolve(import.meta.dirname, "../..");
const eslint = new ESLint({ cwd: root });

/** The rule ids reported for the first of `files` (name -> code), written under `layer`. */
async function ruleIds(layer: string, files: Record<string, string>): Promise<string[]> {
  mkdirSync(path.join(root, layer), { recursive: true });
  const dir = mkdtempSync(path.join(root, layer, ".lint-fixture-"));
  try {
    for (const [name, code] of Object.entries(files)) writeFileSync(path.join(dir, name), code);
    const [result] = await eslint.lintFiles([path.join(dir, Object.keys(files)[0]!)]);
    return result!.messages.map((message) => message.ruleId ?? message.message);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// Linting needs no database: once is enough.
describe.skipIf(testDatabaseKind() !== "embedded")("import rules", () => {
  it("keeps lib from importing app, components or server", async () => {
    const lib = (code: string) => ruleIds("lib", { "fixture.ts": code });
    expect(await lib('export { LoginForm } from "@/components/login-form";\n')).toContain("import/no-restricted-paths");
    expect(await lib('export { startServer } from "@/server/server";\n')).toContain("import/no-restricted-paths");
    expect(await lib('export { safeCallbackPath } from "@/app/login/callback-path";\n')).toContain("import/no-restricted-paths");
    expect(await lib('export { FLAG_VAL } from "@/lib/flags/flag-definition";\n')).toEqual([]);
  });

  it("keeps components from reaching up into app", async () => {
    const ids = await ruleIds("components", { "fixture.tsx": 'export { safeCallbackPath } from "@/app/login/callback-path";\n' });
    expect(ids).toContain("import/no-restricted-paths");
  });

  it("refuses an import cycle", async () => {
    const ids = await ruleIds("lib", {
      "a.ts": 'import { b } from "./b";\nexport const a = () => b();\n',
      "b.ts": 'import { a } from "./a";\nexport const b = () => a;\n',
    });
    expect(ids).toContain("import/no-cycle");
  });

  it("keeps server-only code out of client components, directly or through other modules", async () => {
    const client = (code: string) => ruleIds("components", { "fixture.tsx": code });
    expect(await client('"use client";\nimport { db } from "@/lib/db";\nexport const f = db;\n')).toContain("warden/client-boundary");
    // lib/auth/tokens reads the database: reaching it through another module counts too.
    expect(await client('"use client";\nimport { hashToken } from "@/lib/auth/tokens";\nexport const f = hashToken;\n')).toContain("warden/client-boundary");
    // Types are erased; server code is fine where there is no "use client".
    expect(await client('"use client";\nimport type { DatabaseKind } from "@/lib/db";\nexport type F = DatabaseKind;\n')).toEqual([]);
    expect(await client('import { db } from "@/lib/db";\nexport const f = db;\n')).toEqual([]);
  });

  it("keeps raw fetch out of components: requests go through requestJson", async () => {
    const component = (code: string) => ruleIds("components", { "fixture.tsx": code });
    expect(await component('"use client";\nexport const f = () => fetch("/api/health");\n')).toContain("no-restricted-globals");
    expect(await component('"use client";\nimport { requestJson } from "@/components/request-json";\nexport const f = () => requestJson("/api/health");\n')).toEqual([]);
  });
});
