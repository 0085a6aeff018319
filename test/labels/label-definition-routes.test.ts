import { beforeAll, describe, expect, it } from "vitest";
import * as declaration from "@/app/api/labeler/declaration/route";
import * as one from "@/app/api/labeler/definitions/[identifier]/route";
import * as definitions from "@/app/api/labeler/definitions/route";
import { db } from "@/lib/db";
import { call, setUpTokens, type Tokens } from "../flags/support";
import { withMigratedDatabase } from "../support/database";

withMigratedDatabase();

let tokens: Tokens;
beforeAll(async () => {
  tokens = await setUpTokens();
});

const body = { identifier: "rude", severity: "alert", blurs: "content", locales: [{ lang: "en", name: "Rude", description: "Rude words" }] };

describe("label definition routes", () => {
  it("only an admin may edit; a moderator gets 403", async () => {
    expect((await call(definitions.POST, { body, token: tokens.moderator })).status).toBe(403);
    expect((await call(definitions.GET, { method: "GET", token: tokens.moderator })).status).toBe(403);
    expect((await call(declaration.PUT, { method: "PUT", body: { reasonTypes: [], subjectTypes: [], subjectCollections: [] }, token: tokens.moderator })).status).toBe(403);
  });

  it("creates, lists and deletes a definition, audited under the admin's name", async () => {
    const created = await call(definitions.POST, { body });
    expect(created.status).toBe(200);
    expect(created.json.definition).toMatchObject({ identifier: "rude", defaultSetting: "warn", adultOnly: false });
    const listed = await call(definitions.GET, { method: "GET" });
    expect(listed.json.definitions.map((d: { identifier: string }) => d.identifier)).toContain("rude");
    expect((await call(one.DELETE, { method: "DELETE", params: { identifier: "rude" } })).status).toBe(204);
    expect((await call(one.DELETE, { method: "DELETE", params: { identifier: "rude" } })).status).toBe(404);
    const audit = await db().auditEntry.findMany({ where: { subject: "rude" }, orderBy: { id: "asc" } });
    expect(audit.map((entry) => entry.action)).toEqual(["label_definition.create", "label_definition.delete"]);
  });

  it("answers 400 naming the field for an invalid definition or declaration", async () => {
    const bad = await call(definitions.POST, { body: { ...body, identifier: "Rude Words" } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.json)).toMatch(/identifier/);
    const badDeclaration = await call(declaration.PUT, { method: "PUT", body: { reasonTypes: null, subjectTypes: ["planet"], subjectCollections: null } });
    expect(badDeclaration.status).toBe(400);
    expect(JSON.stringify(badDeclaration.json)).toMatch(/subjectTypes/);
  });

  it("stores the declaration: null = all, [] = none", async () => {
    const saved = await call(declaration.PUT, { method: "PUT", body: { reasonTypes: null, subjectTypes: [], subjectCollections: ["app.bsky.feed.post"] } });
    expect(saved.status).toBe(200);
    expect((await call(declaration.GET, { method: "GET" })).json).toEqual({ reasonTypes: null, subjectTypes: [], subjectCollections: ["app.bsky.feed.post"] });
  });
});
