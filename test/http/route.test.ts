// The request pipeline (lib/http/route.ts) on its own, with routes made for the test:
// limits, content types, text PostgreSQL cannot store, field names in errors, shapes.
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { errorResponse } from "@/lib/http/error-response";
import { preflight, route } from "@/lib/http/route";

const echo = route(
  { auth: "public", body: z.object({ name: z.string().min(1), tags: z.array(z.string()).optional() }), bodyLimit: 1024 },
  ({ body }) => Response.json(body),
);
const optional = route({ auth: "public", body: z.object({ reason: z.string().optional() }), bodyOptional: true }, ({ body }) => Response.json(body));
const withQuery = route({ auth: "public", errors: "xrpc", cors: true, query: z.object({ q: z.string().optional() }) }, ({ query }) => Response.json(query));
const withParams = route({ auth: "public", params: z.object({ id: z.string().max(8) }) }, ({ params }) => Response.json(params));

const post = (body: BodyInit | null, headers: Record<string, string> = { "content-type": "application/json" }) =>
  new Request("http://warden.test/x", { method: "POST", headers, body, ...(body instanceof ReadableStream && { duplex: "half" }) });
const json = async (response: Response) => ({ status: response.status, body: await response.json() });

describe("body", () => {
  it("parses a valid body", async () => {
    expect(await json(await echo(post('{"name":"a"}')))).toEqual({ status: 200, body: { name: "a" } });
  });

  it("refuses a declared length over the limit with 413, without reading", async () => {
    let pulled = 0;
    const stream = new ReadableStream({ pull: (controller) => void (pulled++, controller.enqueue(new Uint8Array(512))) });
    const request = post(stream, { "content-type": "application/json", "content-length": "999999" });
    const answer = await json(await echo(request));
    expect(answer).toEqual({
      status: 413,
      body: { error: { code: "payload_too_large", message: expect.stringContaining("1024"), details: { limitBytes: 1024 } } },
    });
    expect(pulled).toBeLessThanOrEqual(1);
  });

  it("stops reading a chunked body past the limit, and cancels its stream", async () => {
    let cancelled = false;
    let sent = 0;
    const stream = new ReadableStream({
      pull: (controller) => void ((sent += 256), controller.enqueue(new Uint8Array(256).fill(0x20))),
      cancel: () => void (cancelled = true),
    });
    expect((await echo(post(stream))).status).toBe(413);
    expect(cancelled).toBe(true);
    expect(sent).toBeLessThan(4096);
  });

  it("answers 415 for another content type, 400 for bad JSON, bad UTF-8 or a bad Content-Length", async () => {
    expect((await echo(post('{"name":"a"}', { "content-type": "text/plain" }))).status).toBe(415);
    expect(await json(await echo(post("{oops")))).toMatchObject({ status: 400, body: { error: { message: "Body is not valid JSON" } } });
    expect((await json(await echo(post(new Uint8Array([0x7b, 0xff, 0x7d]))))).body.error.message).toMatch(/UTF-8/);
    expect((await echo(post("{}", { "content-type": "application/json", "content-length": "12abc" }))).status).toBe(400);
  });

  it("names the field that fails the schema", async () => {
    expect((await json(await echo(post('{"name":""}')))).body.error.message).toMatch(/^name: /);
    expect((await json(await echo(post('{"name":"a","tags":[1]}')))).body.error.message).toMatch(/^tags\.0: /);
  });

  it("refuses NUL and lone surrogates in any string or key, naming where", async () => {
    for (const [text, where] of [
      ['{"name":"a\\u0000b"}', "body.name"],
      ['{"name":"\\ud800"}', "body.name"],
      ['{"name":"a","tags":["ok","\\udc00x"]}', "body.tags.1"],
      ['{"name":"a","extra":{"k\\u0000":1}}', "body.extra"],
    ] as const) {
      const answer = await json(await echo(post(text)));
      expect(answer.status).toBe(400);
      expect(answer.body.error.message.startsWith(`${where}: `)).toBe(true);
    }
    // A surrogate pair is a real character, not a lone half.
    expect((await echo(post('{"name":"\\ud83d\\ude00"}'))).status).toBe(200);
  });

  it("refuses deeply nested JSON with 400", async () => {
    const deep = `{"name":"a","x":${"[".repeat(40)}${"]".repeat(40)}}`;
    expect((await json(await echo(post(deep)))).body.error.message).toMatch(/nested deeper than 32/);
    const anything = route({ auth: "public", body: z.unknown(), bodyLimit: 1e6 }, () => new Response());
    expect((await anything(post(`${"[".repeat(200_000)}${"]".repeat(200_000)}`))).status).toBe(400);
  });

  it("reads an absent optional body as {}, and still checks a present one", async () => {
    expect(await json(await optional(post(null, {})))).toEqual({ status: 200, body: {} });
    expect(await json(await optional(post('{"reason":"spam"}')))).toEqual({ status: 200, body: { reason: "spam" } });
    expect((await optional(post("x", {}))).status).toBe(415);
  });
});

describe("query and path", () => {
  it("refuses NUL in a query parameter in the route's shape, and names it", async () => {
    const answer = await json(await withQuery(new Request("http://warden.test/x?q=a%00b")));
    expect(answer).toEqual({ status: 400, body: { error: "InvalidRequest", message: expect.stringMatching(/^query\.q: /) } });
  });

  it("checks path parameters", async () => {
    const call = (id: string) => withParams(new Request("http://warden.test/x"), { params: Promise.resolve({ id }) });
    expect((await call("ok")).status).toBe(200);
    expect((await json(await call("a\u0000"))).body.error.message).toMatch(/^path\.id: /);
    expect((await json(await call("far-too-long"))).body.error.message).toMatch(/^id: /);
  });
});

describe("CORS and errors", () => {
  it("public routes are readable from any origin, errors included; preflights answer 204", async () => {
    expect((await withQuery(new Request("http://warden.test/x?q=a%00"))).headers.get("access-control-allow-origin")).toBe("*");
    const answer = await preflight(["GET"])(
      new Request("http://warden.test/x", { method: "OPTIONS", headers: { "access-control-request-headers": "atproto-accept-labelers" } }),
    );
    expect(answer.status).toBe(204);
    expect(answer.headers.get("access-control-allow-headers")).toBe("atproto-accept-labelers");
    expect(answer.headers.get("access-control-allow-methods")).toBe("GET, OPTIONS");
  });

  it("other routes send no CORS headers", async () => {
    expect((await echo(post('{"name":"a"}'))).headers.get("access-control-allow-origin")).toBeNull();
  });

  it("never leaks an unknown error's message", async () => {
    const response = errorResponse(new Error("password=hunter2 at db.internal:5432"), "admin", "req-1");
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: { code: "internal", message: "Internal error (request req-1)" } });
  });

  it("writes Retry-After and RateLimit-* for rate limits, in both shapes", async () => {
    const limited = new AppError("rate_limited", "slow down", {
      retryAfterSeconds: 42,
      rateLimit: { limit: 10, remaining: 0, resetAt: 1_700_000_042_000, windowSeconds: 600 },
    });
    for (const shape of ["admin", "xrpc"] as const) {
      const response = errorResponse(limited, shape);
      expect(response.status).toBe(429);
      expect(Object.fromEntries([...response.headers].filter(([name]) => /^(retry-after|ratelimit-)/.test(name)))).toEqual({
        "retry-after": "42",
        "ratelimit-limit": "10",
        "ratelimit-remaining": "0",
        "ratelimit-reset": "1700000042",
        "ratelimit-policy": "10;w=600",
      });
    }
    expect(await errorResponse(limited, "xrpc").json()).toEqual({ error: "RateLimitExceeded", message: "slow down" });
  });
});
