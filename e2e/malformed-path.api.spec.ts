// Paths that do not decode (or hold a NUL) get a 400 in the caller's JSON shape from the
// custom server, before Next's router would fail on them with a plain-text 500.
import { request as httpRequest } from "node:http";
import { expect, test } from "@playwright/test";
import { admin } from "./support/flags";
import { E2E_PORT } from "./support/settings";

const ADMIN_SHAPE = { error: { code: "invalid_request", message: expect.any(String) } };
const XRPC_SHAPE = { error: "InvalidRequest", message: expect.any(String) };

test("admin paths: 400 with {error:{code,message}}, for any method, before authentication", async ({ request }) => {
  for (const [method, path] of [
    ["POST", "/api/relay/queue/%ff/approve"],
    ["GET", "/%E0%A4%A"],
    ["GET", "/admin/review/%ZZ/data"],
    ["GET", "/review/%00"],
    ["DELETE", "/api/tokens/%C0%AF"],
  ] as const) {
    const response = await request.fetch(path, { method, headers: admin });
    expect(response.status(), `${method} ${path}`).toBe(400);
    expect(response.headers()["content-type"]).toBe("application/json");
    expect(response.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
    expect(await response.json()).toEqual(ADMIN_SHAPE);
  }
});

test("XRPC paths: 400 with {error, message}", async ({ request }) => {
  for (const path of ["/xrpc/com.atproto.label.queryLabels%00?uriPatterns=*", "/xrpc/%ff", "/xrpc/_health%E0%A4%A"]) {
    const response = await request.get(path);
    expect(response.status(), path).toBe(400);
    expect(await response.json()).toEqual(XRPC_SHAPE);
  }
});

test("a websocket upgrade on a malformed path gets the same 400, and the server keeps answering", async ({ request }) => {
  const refused = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const upgrade = httpRequest({
      host: "127.0.0.1",
      port: E2E_PORT,
      path: "/xrpc/com.atproto.label.subscribeLabels%ff",
      headers: { connection: "Upgrade", upgrade: "websocket", "sec-websocket-version": "13", "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==" },
    });
    upgrade.on("response", (response) => {
      let body = "";
      response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode!, body }));
    });
    upgrade.on("upgrade", () => reject(new Error("upgraded")));
    upgrade.on("error", reject).end();
  });
  expect(refused.status).toBe(400);
  expect(JSON.parse(refused.body)).toEqual(XRPC_SHAPE);

  expect((await request.get("/api/health")).status()).toBe(200);
  // A well-formed escape still reaches the route.
  expect((await request.get("/xrpc/com.atproto.label.queryLabels?uriPatterns=at%3A%2F%2F*")).status()).toBe(200);
});
