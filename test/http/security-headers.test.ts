import { globSync } from "node:fs";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { getScriptNonceFromHeader } from "next/dist/server/app-render/get-script-nonce-from-header";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { applySecurityHeaders, isPagePath, NO_CONTENT_CSP, pageCsp, type SecurityHeaderOptions } from "@/lib/http/security-headers";

const directive = (csp: string, name: string) => csp.split("; ").find((part) => part.startsWith(`${name} `));

describe("pageCsp", () => {
  it("allows scripts by nonce only, with eval in dev alone", () => {
    const production = pageCsp("abc123==", { dev: false, https: false });
    expect(directive(production, "script-src")).toBe("script-src 'self' 'nonce-abc123==' 'strict-dynamic'");
    expect(directive(production, "style-src")).toBe("style-src 'self' 'nonce-abc123=='");
    expect(production).toContain("frame-ancestors 'none'");
    expect(production).toContain("object-src 'none'");
    expect(production).not.toContain("upgrade-insecure-requests");
    expect(directive(pageCsp("n", { dev: true, https: false }), "script-src")).toContain("'unsafe-eval'");
    expect(pageCsp("n", { dev: false, https: true })).toContain("upgrade-insecure-requests");
  });
});

describe("isPagePath", () => {
  // Every page and route handler of the app, as a URL: a new top-level route must be classified here.
  const urlOf = (file: string) =>
    "/" +
    file
      .split("/")
      .slice(1, -1)
      .filter((segment) => !/^\(.*\)$/.test(segment))
      .map((segment) => decodeURIComponent(segment.replace(/^\[.*\]$/, "x")))
      .join("/");

  it("knows every page from every route handler", () => {
    const pages = globSync("app/**/page.tsx").map(urlOf);
    const routes = globSync("app/**/route.ts").map(urlOf);
    expect(pages).toContain("/review/x");
    expect(routes).toContain("/xrpc/_health");
    for (const page of pages) expect(isPagePath(page), page).toBe(true);
    for (const route of routes) expect(isPagePath(route), route).toBe(false);
    expect(isPagePath("/_next/static/chunks/main.js")).toBe(false);
    expect(isPagePath("/no/such/page")).toBe(true);
  });
});

describe("applySecurityHeaders", () => {
  let server: Server;
  let base: string;
  let options: SecurityHeaderOptions = { dev: false, https: false };
  let seen: IncomingHttpHeaders = {};

  beforeAll(async () => {
    server = createServer((request, response) => {
      applySecurityHeaders(request, response, options);
      seen = { ...request.headers };
      response.end("ok");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => server?.close());

  it("gives each page a fresh nonce on the request, where Next reads it, and on the response; a client's CSP is dropped", async () => {
    const clientCsp = { "content-security-policy": "script-src 'nonce-chosenbyclient'", "content-security-policy-report-only": "script-src 'nonce-x'" };
    const first = await fetch(`${base}/flags?status=pending`, { headers: clientCsp });
    const csp = first.headers.get("content-security-policy")!;
    const nonce = getScriptNonceFromHeader(seen["content-security-policy"] as string);
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(seen["content-security-policy"]).toBe(csp);
    expect(seen["content-security-policy-report-only"]).toBeUndefined();
    expect(directive(csp, "script-src")).toBe(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);

    await fetch(`${base}/flags`);
    expect(getScriptNonceFromHeader(seen["content-security-policy"] as string)).not.toBe(nonce);
  });

  it("gives API answers the no-content CSP, and every answer the other headers; HSTS only behind https", async () => {
    const api = await fetch(`${base}/api/relay/queue`, { headers: { "content-security-policy": "script-src 'nonce-x'" } });
    expect(api.headers.get("content-security-policy")).toBe(NO_CONTENT_CSP);
    expect(seen["content-security-policy"]).toBeUndefined();
    for (const response of [api, await fetch(`${base}/`)]) {
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("x-frame-options")).toBe("DENY");
      expect(response.headers.get("referrer-policy")).toBe("same-origin");
      expect(response.headers.get("permissions-policy")).toContain("camera=()");
      expect(response.headers.get("strict-transport-security")).toBeNull();
    }
    options = { dev: false, https: true };
    expect((await fetch(`${base}/xrpc/_health`)).headers.get("strict-transport-security")).toBe("max-age=63072000");
  });
});
