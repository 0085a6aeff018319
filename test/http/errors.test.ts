import { describe, expect, it } from "vitest";
import { z } from "zod";
import { AppError } from "@/lib/errors";
import { adminErrorResponse } from "@/lib/http/admin";
import { readJsonBody } from "@/lib/http/body";
import { xrpcErrorResponse } from "@/lib/http/xrpc";

const jsonRequest = (body: string, contentType = "application/json") =>
  new Request("http://test/api", { method: "POST", headers: { "content-type": contentType }, body });

describe("error mappers", () => {
  it("maps an AppError to admin JSON with its status", async () => {
    const response = adminErrorResponse(new AppError("conflict", "Already decided"));
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ error: { code: "conflict", message: "Already decided" } });
  });

  it("maps an AppError to XRPC {error, message}", async () => {
    const response = xrpcErrorResponse(new AppError("invalid_request", "limit: too big"));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: "InvalidRequest", message: "limit: too big" });
  });

  it("never leaks an unknown error's message", async () => {
    const response = adminErrorResponse(new Error("password=hunter2 at db.internal:5432"), "req-1");
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).not.toContain("hunter2");
    expect(JSON.parse(text)).toEqual({ error: { code: "internal", message: "Internal error (request req-1)" } });
  });

  it("sets Retry-After for rate limits", () => {
    const response = adminErrorResponse(new AppError("rate_limited", "slow down", { retryAfterSeconds: 42 }));
    expect(response.status).toBe(429);
    expect(response.headers.get("retry-after")).toBe("42");
  });
});

describe("readJsonBody", () => {
  const schema = z.object({ name: z.string().min(1), count: z.number().int() });

  it("parses a valid body", async () => {
    await expect(readJsonBody(jsonRequest('{"name":"a","count":2}'), schema)).resolves.toEqual({ name: "a", count: 2 });
  });

  it("refuses another content type with 415", async () => {
    await expect(readJsonBody(jsonRequest("{}", "text/plain"), schema)).rejects.toMatchObject({ code: "unsupported_media_type" });
  });

  it("refuses malformed JSON with 400", async () => {
    await expect(readJsonBody(jsonRequest("{oops"), schema)).rejects.toMatchObject({ code: "invalid_request", message: "Body is not valid JSON" });
  });

  it("names the bad field", async () => {
    await expect(readJsonBody(jsonRequest('{"name":"a","count":1.5}'), schema)).rejects.toMatchObject({
      code: "invalid_request",
      message: expect.stringMatching(/^count: /),
    });
  });
});
