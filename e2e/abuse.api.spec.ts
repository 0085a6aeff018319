// The abuse suite against the real server (issue 13): what the vitest suite
// (test/http/abuse.test.ts) cannot see from inside a handler. Next's own request
// handling in front of the pipeline, the custom server's path checks, and the process's
// memory under a body far over any limit.
import { request as httpRequest } from "node:http";
import { expect, test } from "@playwright/test";
import { admin } from "./support/flags";
import { listeningPid, resetPeakResident, residentBytes } from "./support/process-memory";
import { E2E_PORT } from "./support/settings";

const MB = 1024 * 1024;
const ADMIN_SHAPE = { error: { code: expect.any(String), message: expect.any(String) } };
const XRPC_SHAPE = { error: expect.any(String), message: expect.any(String) };

/**
 * POSTs `total` bytes a megabyte at a time, with a Content-Length or chunked, and
 * resolves with the answer and how much of the body had been written when it came.
 */
function postLargeBody(
  path: string,
  total: number,
  declareLength: boolean,
  extraHeaders: Record<string, string> = {},
): Promise<{ status: number; body: string; sentBeforeAnswer: number }> {
  return new Promise((resolve, reject) => {
    const headers = { "content-type": "application/x-www-form-urlencoded", ...extraHeaders, ...(declareLength && { "content-length": String(total) }) };
    const request = httpRequest({ host: "127.0.0.1", port: E2E_PORT, path, method: "POST", headers });
    let answered = false;
    let sent = 0;
    request.on("response", (response) => {
      answered = true;
      const sentBeforeAnswer = sent;
      let body = "";
      response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      response.on("end", () => resolve({ status: response.statusCode!, body, sentBeforeAnswer }));
    });
    // Writing on after the answer may meet a closed connection: only an error before it counts.
    request.on("error", (error) => answered || reject(error));
    const chunk = Buffer.alloc(MB, "a");
    const pump = () => {
      while (sent < total && !request.destroyed) {
        sent += chunk.length;
        if (!request.write(chunk)) return void request.once("drain", pump);
      }
      request.end();
    };
    pump();
  });
}

test("a 50 MB unauthenticated login body is refused with 413, and the server's memory does not grow with it", async ({ request }) => {
  const pid = listeningPid(E2E_PORT);
  for (const declareLength of [true, false]) {
    const before = residentBytes(pid).now;
    resetPeakResident(pid);
    const answer = await postLargeBody("/api/auth/callback/credentials", 50 * MB, declareLength);
    expect(answer.status, declareLength ? "with Content-Length" : "chunked").toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: "payload_too_large" } });
    // Answered without waiting for the body: the socket's buffers hold a few MB of it at most.
    expect(answer.sentBeforeAnswer).toBeLessThan(50 * MB);
    // Neither buffered nor copied: the peak stays far below the body's 50 MB.
    const grown = residentBytes(pid).peak - before;
    expect(grown, `${Math.round(grown / MB)} MB`).toBeLessThan(25 * MB);
  }
  expect((await request.get("/api/health")).status()).toBe(200);
});

test("the label write API, which the custom server answers itself for a token, refuses a 50 MB body the same way", async () => {
  const pid = listeningPid(E2E_PORT);
  for (const [path, declareLength] of [["/emit-label", true], ["/api/labels", false]] as const) {
    const before = residentBytes(pid).now;
    resetPeakResident(pid);
    const answer = await postLargeBody(path, 50 * MB, declareLength, { "content-type": "application/json", "x-moderation-key": admin["x-moderation-key"] });
    expect(answer.status, path).toBe(413);
    expect(JSON.parse(answer.body)).toMatchObject({ error: { code: "payload_too_large" } });
    expect(answer.sentBeforeAnswer).toBeLessThan(50 * MB);
    const grown = residentBytes(pid).peak - before;
    expect(grown, `${Math.round(grown / MB)} MB`).toBeLessThan(25 * MB);
  }
});

test("malformed paths answer 400 JSON before Next", async ({ request }) => {
  const approve = await request.post("/api/relay/queue/%ff/approve", { headers: admin });
  expect(approve.status()).toBe(400);
  expect(await approve.json()).toMatchObject(ADMIN_SHAPE);
  const page = await request.get("/%E0%A4%A");
  expect(page.status()).toBe(400);
  expect(await page.json()).toMatchObject(ADMIN_SHAPE);
});

test("a NUL in the query answers 400 JSON on every kind of route, authenticated or not", async ({ request }) => {
  const paths = [
    "/api/health",
    "/api/tokens",
    "/api/relay/queue",
    "/api/auth/session",
    "/admin/flags",
    "/sensitive-images",
    "/.well-known/did.json",
    "/xrpc/com.atproto.label.queryLabels",
    "/xrpc/_health",
  ];
  for (const path of paths) {
    const response = await request.get(`${path}?q=%00`, { headers: admin });
    expect(response.status(), path).toBe(400);
    expect(await response.json(), path).toMatchObject(path.startsWith("/xrpc/") ? XRPC_SHAPE : ADMIN_SHAPE);
  }
  expect((await request.get("/xrpc/com.atproto.label.queryLabels?uriPatterns=*")).status()).toBe(200);
});
