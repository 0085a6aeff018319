import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isDatabaseReady, setDatabaseReady } from "@/lib/db/readiness";
import { answerWhileStarting } from "@/server/while-starting";

let server: Server;
let base: string;
const wasReady = isDatabaseReady();

beforeAll(async () => {
  server = createServer((request, response) => {
    if (!answerWhileStarting(request, response)) response.end("served");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  setDatabaseReady(wasReady);
  server?.close();
});

describe("while the database is being migrated", () => {
  it("answers 503 with Retry-After in the shape each caller parses, and serves health and assets", async () => {
    setDatabaseReady(false);
    const api = await fetch(`${base}/api/labels`, { method: "POST" });
    expect(api.status).toBe(503);
    expect(api.headers.get("retry-after")).toBe("3");
    expect(await api.json()).toEqual({ error: { code: "unavailable", message: expect.stringContaining("being migrated") } });

    const xrpc = await fetch(`${base}/xrpc/com.atproto.label.queryLabels?uriPatterns=*`);
    expect(xrpc.status).toBe(503);
    expect(await xrpc.json()).toEqual({ error: "ServiceUnavailable", message: expect.stringContaining("being migrated") });

    const page = await fetch(`${base}/login`, { headers: { accept: "text/html,application/xhtml+xml" } });
    expect(page.status).toBe(503);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await page.text()).toContain('<meta http-equiv="refresh" content="3">');

    for (const path of ["/api/health", "/_next/static/chunks/app.js", "/favicon.ico"]) {
      expect(await (await fetch(`${base}${path}`)).text(), path).toBe("served");
    }
  });

  it("serves everything once the database is ready", async () => {
    setDatabaseReady(true);
    for (const path of ["/login", "/api/labels", "/xrpc/com.atproto.label.queryLabels"]) {
      expect(await (await fetch(`${base}${path}`)).text(), path).toBe("served");
    }
  });
});
