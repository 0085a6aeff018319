import { z } from "zod";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { toAppError } from "@/lib/http/problems";
import { callNip86Method } from "./methods";
import { publicRequestUrl } from "./public-url";
import { claimAuthEvent } from "./replay-guard";
import { verifyNip98 } from "./verify-nip98";

export const NIP86_CONTENT_TYPE = "application/nostr+json+rpc";
const MAX_BODY_BYTES = 64 * 1024;

/** Any origin may call: auth is the signed NIP-98 header, never a cookie. */
export const NIP86_CORS_HEADERS = {
  "access-control-allow-origin": "*",
  "access-control-allow-methods": "POST, OPTIONS",
  "access-control-allow-headers": "authorization, content-type",
  "access-control-max-age": "86400",
} as const;

const callSchema = z.object({
  method: z.string({ error: "method must be a string" }).max(64, "method is too long"),
  params: z.array(z.unknown(), { error: "params must be an array" }).max(16, "too many params").default([]),
});

/**
 * A NIP-86 call: content type, raw body, NIP-98 over those exact bytes, then the
 * method. Transport failures get their HTTP status (415, 400, 401); a method's own
 * failure is HTTP 200 with `{result: null, error}`, as NIP-86 clients expect.
 */
export async function handleNip86(request: Request): Promise<Response> {
  const requestId = request.headers.get("x-request-id") ?? undefined;
  try {
    const contentType = request.headers.get("content-type") ?? "";
    if (contentType.split(";")[0]!.trim().toLowerCase() !== NIP86_CONTENT_TYPE) {
      throw new AppError("unsupported_media_type", `Content-Type must be ${NIP86_CONTENT_TYPE}`);
    }
    const body = await readRawBody(request, MAX_BODY_BYTES);
    const config = env();
    const auth = verifyNip98({
      authorization: request.headers.get("authorization"),
      url: publicRequestUrl(request, config.PUBLIC_URL),
      method: request.method,
      body,
      admins: config.NIP86_ADMIN_PUBKEYS ?? [],
    });
    if (!claimAuthEvent(auth.signature, auth.createdAt)) {
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
  } catch (error) {
    const appError = toAppError(error, requestId);
    return reply({ result: null, error: appError.message }, appError.status);
  }
}

function parseCall(body: Uint8Array): z.infer<typeof callSchema> {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
  } catch {
    throw new AppError("invalid_request", "body must be a JSON object {method, params}");
  }
  const parsed = callSchema.safeParse(json);
  if (!parsed.success) throw new AppError("invalid_request", parsed.error.issues[0]?.message ?? "body must be {method, params}");
  return parsed.data;
}

/** The body's exact bytes (the payload hash covers them), refusing more than `limit`. */
async function readRawBody(request: Request, limit: number): Promise<Uint8Array> {
  const tooLarge = () => new AppError("invalid_request", `body must be at most ${limit} bytes`);
  if (Number(request.headers.get("content-length") ?? 0) > limit) throw tooLarge();
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    chunks.push(read.value);
  }
  return Buffer.concat(chunks);
}

function reply(body: { result: unknown; error?: string }, status = 200): Response {
  return Response.json(body, { status, headers: { ...NIP86_CORS_HEADERS, "cache-control": "no-store" } });
}
