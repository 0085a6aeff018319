import { z } from "zod";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { toAppError } from "@/lib/http/problems";
import { findUnsafeText } from "@/lib/http/unsafe-text";
import { callNip86Method } from "./methods";
import { publicRequestUrl } from "./public-url";
import { claimAuthEvent } from "./replay-guard";
import { verifyNip98 } from "./verify-nip98";

export const NIP86_CONTENT_TYPE = "application/nostr+json+rpc";
export const NIP86_BODY_LIMIT = 64 * 1024;

const callSchema = z.object({
  method: z.string({ error: "method must be a string" }).max(64, "method is too long"),
  params: z.array(z.unknown(), { error: "params must be an array" }).max(16, "too many params").default([]),
});

/**
 * A NIP-86 call over the body's exact bytes (the route reads them, with its limit and
 * content type): NIP-98 over those bytes, then the method. Transport failures get their
 * HTTP status (400, 401); a method's own failure is HTTP 200 with `{result: null,
 * error}`, as NIP-86 clients expect.
 */
export async function handleNip86(request: Request, body: Uint8Array): Promise<Response> {
  const requestId = request.headers.get("x-request-id") ?? undefined;
  const config = env();
  const auth = verifyNip98({
    authorization: request.headers.get("authorization"),
    url: publicRequestUrl(request, config.PUBLIC_URL),
    method: request.method,
    body,
    admins: config.NIP86_ADMIN_PUBKEYS ?? [],
  });
  if (!(await claimAuthEvent(auth.signature, auth.createdAt))) {
    throw new AppError("unauthorized", "NIP-98 authorization failed: this token was already used");
  }
  const call = parseCall(body);
  try {
    return reply({ result: await callNip86Method(call.method, call.params, `nip86:${auth.pubkey}`) });
  } catch (error) {
    const appError = toAppError(error, requestId);
    if (appError.code === "internal") throw appError;
    return reply({ result: null, error: appError.message });
  }
}

function parseCall(body: Uint8Array): z.infer<typeof callSchema> {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    throw new AppError("invalid_request", "body must be a JSON object {method, params}");
  }
  const unsafe = findUnsafeText(json, "body");
  if (unsafe) throw new AppError("invalid_request", unsafe);
  const parsed = callSchema.safeParse(json);
  if (!parsed.success) throw new AppError("invalid_request", parsed.error.issues[0]?.message ?? "body must be {method, params}");
  return parsed.data;
}

function reply(body: { result: unknown; error?: string }): Response {
  return Response.json(body, { headers: { "cache-control": "no-store" } });
}
