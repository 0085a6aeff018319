import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { malformedPathError } from "@/lib/http/request-path";
import { NO_CONTENT_CSP } from "@/lib/http/security-headers";
import { answerMalformedPath } from "@/server/request-context";
import { rejectMalformedUpgrade } from "@/server/upgrades";

describe("malformedPathError", () => {
  it.each(["/api/relay/queue/%ff/approve", "/%E0%A4%A", "/admin/review/%ZZ/data", "/review/%ED%A0%80", "/api/labels/%00", "/xrpc/a%", "/labels?q=%00", "/flags?q=a&x=b%00c"])(
    "refuses %s",
    (path) => expect(malformedPathError(path)).toMatchObject({ code: "invalid_request", status: 400 }),
  );

  it.each(["/", "/review/abc", "/api/relay/queue/a%20b/approve", "/a%2Fb", "/%E2%9C%93", "/flags?q=%ff&x=%0A"])("accepts %s", (path) =>
    expect(malformedPathError(path)).toBeUndefined(),
  );
});

describe("the custom server's answer to a malformed path", () => {
  let server: Server;
  let port: number;

  beforeAll(async () => {
    server = createServer((request, response) => {
      if (!answerMalformedPath(request, response)) response.end("served");
    });
    server.on("upgrade", (request, socket) => {
      if (!rejectMalformedUpgrade(request, socket)) socket.end("HTTP/1.1 204 No Content\r\n\r\n");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => server?.close());

  // fetch() would normalize the path; this sends it byte for byte.
  const send = (path: string, headers: Record<string, string> = {}) =>
    new Promise<{ status: number; type: string | undefined; csp: string | string[] | undefined; body: string }>((resolve, reject) => {
      const request = httpRequest({ host: "127.0.0.1", port, path, headers }, (response) => {
        let body = "";
        response.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode!, type: response.headers["content-type"], csp: response.headers["content-security-policy"], body }));
      });
      request.on("error", reject).end();
    });

  it("is a 400 in the admin JSON shape, or the XRPC shape under /xrpc/", async () => {
    const admin = await send("/api/relay/queue/%ff/approve");
    expect(admin).toMatchObject({ status: 400, type: "application/json" });
    expect(JSON.parse(admin.body)).toEqual({ error: { code: "invalid_request", message: expect.stringContaining("percent-escape") } });

    const xrpc = await send("/xrpc/com.atproto.label.queryLabels%00?uriPatterns=*");
    expect(JSON.parse(xrpc.body)).toEqual({ error: "InvalidRequest", message: expect.stringContaining("NUL") });
    expect(xrpc.status).toBe(400);

    // A page's path, but the answer is JSON: it renders nothing.
    expect(await send("/review/%00")).toMatchObject({ status: 400, csp: NO_CONTENT_CSP });
    expect(await send("/review/fine")).toMatchObject({ status: 200, body: "served" });
  });

  it("answers a websocket upgrade the same way", async () => {
    const upgrade = { connection: "Upgrade", upgrade: "websocket" };
    const refused = await send("/xrpc/com.atproto.label.subscribeLabels%ZZ", upgrade);
    expect(refused).toMatchObject({ status: 400, type: "application/json", csp: NO_CONTENT_CSP });
    expect(JSON.parse(refused.body)).toEqual({ error: "InvalidRequest", message: expect.any(String) });
  });
});
