import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createLabels } from "@/lib/labels/create-labels";
import { labelDefinitionSchema } from "@/lib/labels/definitions/label-definition-schema";
import {
  deleteLabelDefinition,
  listLabelDefinitions,
  readDeclaration,
  saveDeclaration,
  saveLabelDefinition,
} from "@/lib/labels/definitions/label-definitions";
import { withMigratedDatabase } from "../support/database";
import { setEnv } from "../support/env";

withMigratedDatabase();

const post = (rkey: string) => `at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/app.bsky.feed.post/${rkey}`;
const definition = (identifier: string) => ({
  identifier,
  severity: "alert" as const,
  blurs: "content" as const,
  locales: [{ lang: "en", name: "Rude", description: "Rude words" }],
});

describe("label definitions", () => {
  it("defines the copyright workflow's value out of the box", async () => {
    const definitions = await listLabelDefinitions();
    expect(definitions.find((d) => d.identifier === "copyright-violation")).toMatchObject({ severity: "alert", defaultSetting: "warn" });
    await expect(createLabels([{ uri: post("c"), val: "copyright-violation" }], "test")).resolves.toHaveLength(1);
  });

  it("refuses to emit a value that is neither defined nor global, naming it; global values and negations pass", async () => {
    await expect(createLabels([{ uri: post("u"), val: "rude" }], "test")).rejects.toThrow(/"rude" is not a defined label value/);
    expect(await db().label.count({ where: { uri: post("u") } })).toBe(0);
    await expect(createLabels([{ uri: post("g"), val: "porn" }, { uri: post("g"), val: "!hide" }], "test")).resolves.toHaveLength(2);
    await expect(createLabels([{ uri: post("n"), val: "rude", neg: true }], "test")).resolves.toHaveLength(1);

    await saveLabelDefinition(definition("rude"), "alice");
    await expect(createLabels([{ uri: post("u"), val: "rude" }], "test")).resolves.toHaveLength(1);
    await deleteLabelDefinition("rude", "alice");
    await expect(createLabels([{ uri: post("u2"), val: "rude" }], "test")).rejects.toThrow(/"rude"/);
    const actions = await db().auditEntry.findMany({ where: { subject: "rude" }, orderBy: { id: "asc" } });
    expect(actions.map((a) => [a.actor, a.action])).toEqual([
      ["alice", "label_definition.create"],
      ["alice", "label_definition.delete"],
    ]);
  });

  it("LABEL_UNDEFINED_VALUES=allow lets undefined values through (for migrations)", async () => {
    const restore = setEnv({ LABEL_UNDEFINED_VALUES: "allow" });
    try {
      await expect(createLabels([{ uri: post("m"), val: "legacy-value" }], "test")).resolves.toHaveLength(1);
    } finally {
      restore();
    }
  });

  it("validates identifiers, enums and locales as the lexicon does", () => {
    const problems = (input: object) => {
      const result = labelDefinitionSchema.safeParse({ ...definition("ok-value"), ...input });
      return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    };
    expect(problems({})).toEqual([]);
    expect(problems({ identifier: "Rude" })[0]).toMatch(/identifier: must be lowercase letters and -/);
    expect(problems({ identifier: "!mine" })[0]).toMatch(/identifier: must not start with !/);
    expect(problems({ identifier: "porn" })[0]).toMatch(/global value/);
    expect(problems({ identifier: "a".repeat(101) })[0]).toMatch(/at most 100/);
    expect(problems({ severity: "loud" })[0]).toMatch(/severity: must be one of inform, alert, none/);
    expect(problems({ blurs: "all" })[0]).toMatch(/blurs/);
    expect(problems({ defaultSetting: "show" })[0]).toMatch(/defaultSetting/);
    expect(problems({ locales: [] })[0]).toMatch(/locales: must have at least one locale/);
    expect(problems({ locales: [{ lang: "en", name: "x".repeat(65), description: "d" }] })[0]).toMatch(/locales.0.name/);
    expect(problems({ locales: [{ lang: "not a lang", name: "n", description: "d" }] })[0]).toMatch(/locales.0.lang/);
  });

  it("stores the declaration: null = field left out (all), [] = none", async () => {
    expect(await readDeclaration()).toEqual({ reasonTypes: null, subjectTypes: null, subjectCollections: null });
    await saveDeclaration({ reasonTypes: [], subjectTypes: ["account", "record"], subjectCollections: null }, "alice");
    expect(await readDeclaration()).toEqual({ reasonTypes: [], subjectTypes: ["account", "record"], subjectCollections: null });
    await expect(saveDeclaration({ reasonTypes: null, subjectTypes: ["group"], subjectCollections: null }, "alice")).rejects.toThrow(/subjectTypes/);
    await saveDeclaration({ reasonTypes: ["com.atproto.moderation.defs#reasonSpam"], subjectTypes: null, subjectCollections: ["app.bsky.feed.post"] }, "alice");
    expect(await readDeclaration()).toEqual({
      reasonTypes: ["com.atproto.moderation.defs#reasonSpam"],
      subjectTypes: null,
      subjectCollections: ["app.bsky.feed.post"],
    });
  });
});
