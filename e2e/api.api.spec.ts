import { expect, test } from "@playwright/test";
import WebSocket from "ws";
import { E2E_ADMIN_TOKEN, E2E_PORT } from "./support/settings";

const admin = { "x-moderation-key": E2E_ADMIN_TOKEN };

test("health answers ok with the version and the database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({ status: "ok", version: expect.any(String), database: { kind: "embedded", status: "ok" } });
  expect(response.headers()["x-request-id"]).toBeTruthy();
});

test("APIs need a valid token and never say which part was wrong", async ({ request }) => {
  const missing = await request.get("/api/tokens");
  const wrong = await request.get("/api/tokens", { headers: { authorization: "Bearer wdn_wrong" } });
  expect(missing.status()).toBe(401);
  expect(wrong.status()).toBe(401);
  expect(await wrong.json()).toEqual(await missing.json());
  expect((await request.get("/api/tokens", { headers: admin })).status()).toBe(200);
  expect((await request.get("/api/tokens", { headers: { authorization: `Bearer ${E2E_ADMIN_TOKEN}` } })).status()).toBe(200);
});

test("malformed bodies get 400 or 415 with a message naming the problem", async ({ request }) => {
  const wrongType = await request.post("/api/tokens", { headers: { ...admin, "content-type": "text/plain" }, data: "name=x" });
  expect(wrongType.status()).toBe(415);
  expect((await wrongType.json()).error.code).toBe("unsupported_media_type");

  const malformed = await request.post("/api/tokens", { headers: { ...admin, "content-type": "application/json" }, data: Buffer.from("{not json") });
  expect(malformed.status()).toBe(400);
  expect((await malformed.json()).error.message).toMatch(/not valid JSON/);

  const badRole = await request.post("/api/tokens", { headers: admin, data: { name: "eve", role: "owner" } });
  expect(badRole.status()).toBe(400);
  expect((await badRole.json()).error.message).toMatch(/^role:/);
});

test("a token's life: created once in clear, limited by role, revoked for good", async ({ request }) => {
  const created = await request.post("/api/tokens", { headers: admin, data: { name: "mod-e2e", role: "moderator" } });
  expect(created.status()).toBe(201);
  const { token } = await created.json();
  expect(token).toMatch(/^wdn_/);

  const listed = await (await request.get("/api/tokens", { headers: admin })).json();
  expect(JSON.stringify(listed)).not.toContain(token);

  const asModerator = await request.get("/api/tokens", { headers: { "x-moderation-key": token } });
  expect(asModerator.status()).toBe(403);

  const duplicate = await request.post("/api/tokens", { headers: admin, data: { name: "mod-e2e", role: "triage" } });
  expect(duplicate.status()).toBe(409);

  expect((await request.delete("/api/tokens/mod-e2e", { headers: admin })).status()).toBe(204);
  expect((await request.get("/api/tokens", { headers: { "x-moderation-key": token } })).status()).toBe(401);
  expect((await request.delete("/api/tokens/mod-e2e", { headers: admin })).status()).toBe(409);
});

test("unknown API paths answer JSON 404", async ({ request }) => {
  const response = await request.get("/api/nothing-here");
  expect(response.status()).toBe(404);
  expect((await response.json()).error.code).toBe("not_found");
});

test("repeated failed logins from one address get 429", async ({ request }) => {
  const client = { "x-forwarded-for": "203.0.113.77" };
  const attempt = async () => {
    const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
    return request.post("/api/auth/callback/credentials", {
      headers: client,
      form: { csrfToken, token: "wdn_guess", json: "true" },
      maxRedirects: 0,
    });
  };
  const statuses: number[] = [];
  for (let i = 0; i < 12; i++) statuses.push((await attempt()).status());
  expect(statuses.slice(0, 10).every((status) => status !== 429)).toBe(true);
  expect(statuses.at(-1)).toBe(429);
});

test("websocket upgrades: only the labeler stream accepts one (e2e/xrpc.api.spec.ts), anything else is refused", async () => {
  const status = (path: string) =>
    new Promise<number>((resolve, reject) => {
      const socket = new WebSocket(`ws://127.0.0.1:${E2E_PORT}${path}`);
      socket.on("unexpected-response", (_request, response) => resolve(response.statusCode ?? 0));
      socket.on("open", () => reject(new Error(`${path} accepted an upgrade`)));
      socket.on("error", () => {});
    });
  expect(await status("/api/health")).toBe(404);
  expect(await status("/xrpc/com.atproto.label.queryLabels")).toBe(404);
});
