import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { z } from "zod";
import { credentialRefusal } from "@/lib/auth/credential-throttle";
import { authOptions } from "@/lib/auth/session";
import { AppError, errorCodes, type ErrorCode } from "@/lib/errors";
import { clientAddress } from "@/lib/http/client-address";
import { errorResponse } from "@/lib/http/error-response";
import { parseJsonBytes } from "@/lib/http/read-body";
import { route } from "@/lib/http/route";
import { findUnsafeText } from "@/lib/http/unsafe-text";

type Context = { params: Promise<{ nextauth: string[] }> };

/** A login form is a few hundred bytes; nothing next-auth takes needs more. */
const AUTH_BODY_LIMIT = 8 * 1024;
const FORM = "application/x-www-form-urlencoded";

/**
 * next-auth behind the request pipeline: a bounded body, checked before next-auth
 * parses it (it would answer a malformed one with a plain-text 500), and its own
 * plain-text errors turned into the JSON error shape.
 */
const handler = route(
  {
    auth: "public",
    rawBody: [FORM, "application/json", ""],
    bodyLimit: AUTH_BODY_LIMIT,
    // The segments as Next decoded them. Not re-read from the URL: parsing it again
    // resolves `%2e%2e` as `..`, and an empty action is a 500 in next-auth.
    params: z.object({ nextauth: z.array(z.string().max(200)).min(1) }),
  },
  async ({ request, raw, params: { nextauth } }) => {
    if (request.method === "POST") checkBody(request, raw!);
    if (request.method === "POST" && nextauth.join("/") === "callback/credentials") {
      const refusal = credentialRefusal(clientAddress(request.headers));
      if (refusal) {
        const response = errorResponse(refusal);
        // next-auth's client parses `url` (absolute) from the answer to find the error.
        const body = { ...(await response.json()), url: new URL("/login?error=RateLimited", request.url).href };
        return Response.json(body, { status: 429, headers: response.headers });
      }
    }
    const forwarded = new NextRequest(request.url, {
      method: request.method,
      headers: request.headers,
      body: request.method === "POST" ? (raw as BodyInit) : undefined,
    });
    const context: Context = { params: Promise.resolve({ nextauth }) };
    return asJsonError((await NextAuth(forwarded as never, context as never, await authOptions())) as Response);
  },
);

function checkBody(request: Request, raw: Uint8Array): void {
  const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
  const fields = type === FORM ? Object.fromEntries(new URLSearchParams(Buffer.from(raw).toString("utf8"))) : raw.byteLength ? parseJsonBytes(raw) : {};
  const problem = findUnsafeText(fields, "body");
  if (problem) throw new AppError("invalid_request", problem);
}

const codeByStatus = new Map<number, ErrorCode>(Object.entries(errorCodes).map(([code, { status }]) => [status, code as ErrorCode]));

/**
 * next-auth answers unknown actions in plain text and its own failures as a 500 with
 * `{message}`; callers get the JSON error shape (the failure itself is in next-auth's
 * log). Its JSON 4xx stay as they are: its client reads `{url}` from a failed sign-in's 401.
 */
async function asJsonError(response: Response): Promise<Response> {
  const json = (response.headers.get("content-type") ?? "").includes("json");
  if (response.status < 400 || (json && response.status < 500)) return response;
  const code = codeByStatus.get(response.status) ?? (response.status >= 500 ? "internal" : "invalid_request");
  const text = (await response.text()).slice(0, 200).trim();
  return errorResponse(new AppError(code, code === "internal" ? "Internal error" : text || "Bad request"));
}

export { handler as GET, handler as POST };
