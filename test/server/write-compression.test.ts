import type { IncomingMessage } from "node:http";
import { describe, expect, it } from "vitest";
import { skipCompressionOfWriteAnswers } from "@/server/request-context";

const requestOf = (method: string) => ({ method, headers: { "accept-encoding": "gzip, br", "content-type": "application/json" } }) as unknown as IncomingMessage;

describe("skipCompressionOfWriteAnswers", () => {
  it.each(["POST", "PUT", "PATCH", "DELETE"])("leaves a %s answer uncompressed (its accept-encoding is dropped)", (method) => {
    const request = requestOf(method);
    skipCompressionOfWriteAnswers(request);
    expect(request.headers).toEqual({ "content-type": "application/json" });
  });

  it.each(["GET", "HEAD"])("keeps a %s answer's compression", (method) => {
    const request = requestOf(method);
    skipCompressionOfWriteAnswers(request);
    expect(request.headers["accept-encoding"]).toBe("gzip, br");
  });
});
