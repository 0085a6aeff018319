import type { z } from "zod";
import { authorizeRequest } from "@/lib/auth/authorize-request";
import { authorizeCronSecret, authorizeRelaySecret } from "@/lib/auth/shared-secrets";
import type { Action, Principal } from "@/lib/auth/permissions";
import { AppError } from "@/lib/errors";
import { corsPreflight, withPublicCors } from "./cors";
import { errorResponse, type ErrorShape } from "./error-response";
import { describeZodError } from "./problems";
import { mediaType, parseJsonBytes, readBodyBytes } from "./read-body";
import { findUnsafeText } from "./unsafe-text";

/**
 * Who may call a route: a permission (token or session, lib/auth/permissions.ts), the
 * relay's or the cron's shared secret, anyone (public), a check the handler makes
 * over the raw body (NIP-98 signs the body's bytes), or an atproto inter-service JWT
 * the handler verifies after the body (as xrpc-server does: the JWT names the method).
 */
export type RouteAuth = Action | "public" | "relay" | "cron" | "signed-body" | "service-jwt";

/** Ozone takes 100 KB of JSON, the PDS 150 KB: no admin body comes close. */
export const DEFAULT_BODY_LIMIT = 64 * 1024;

type Schema = z.ZodType;

export type RouteSpec<B extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, P extends Schema | undefined = undefined> = {
  auth: RouteAuth;
  /** The error shape its callers parse (default admin). */
  errors?: ErrorShape;
  /** A JSON body, checked against this schema. */
  body?: B;
  /** An empty body reads as `{}` (an approval without a reason). */
  bodyOptional?: boolean;
  /** A body handed over as bytes, of one of these media types. */
  rawBody?: readonly string[];
  /** Bytes the body may take (default DEFAULT_BODY_LIMIT); a function when it follows the configuration. */
  bodyLimit?: number | (() => number);
  query?: Q;
  params?: P;
  /** Public, credential-free: readable from any origin. */
  cors?: boolean;
  /** Leave NUL and lone surrogates inside the JSON body to the handler, which checks each item on its own. */
  itemsCheckedByHandler?: boolean;
};

type Infer<S> = S extends Schema ? z.infer<S> : undefined;

export type RouteContext<B, Q, P> = {
  request: Request;
  requestId: string | undefined;
  /** Who is calling, for routes that take a permission; null otherwise. */
  principal: Principal | null;
  body: Infer<B>;
  raw: Uint8Array | undefined;
  query: Infer<Q>;
  params: Infer<P>;
};

export type RouteHandler = ((request: Request, context?: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>) & {
  spec: RouteSpec<Schema | undefined, Schema | undefined, Schema | undefined>;
};

/**
 * The one request pipeline of every route handler: authorize, read the body with a
 * byte limit, refuse text PostgreSQL cannot store, validate body, query and path
 * parameters (400 naming the field), run, and answer every failure in the route's
 * error shape. Routes only declare what they take and call their domain.
 */
export function route<B extends Schema | undefined = undefined, Q extends Schema | undefined = undefined, P extends Schema | undefined = undefined>(
  spec: RouteSpec<B, Q, P>,
  handler: (context: RouteContext<B, Q, P> & { principal: Principal | null }) => Promise<Response> | Response,
): RouteHandler {
  const run = async (request: Request, context?: { params?: Promise<Record<string, string | string[]>> }): Promise<Response> => {
    const requestId = request.headers.get("x-request-id") ?? undefined;
    let response: Response;
    try {
      const principal = await authorize(spec.auth, request);
      const params = parseInput(await context?.params, spec.params, "path");
      const searchParams = new URL(request.url).searchParams;
      const query = parseInput(Object.fromEntries(searchParams), spec.query, "query", everyValue(searchParams));
      const { body, raw } = await readBody(spec, request);
      response = await handler({ request, requestId, principal, body, raw, query, params } as RouteContext<B, Q, P>);
    } catch (error) {
      response = errorResponse(error, spec.errors, requestId);
    }
    return spec.cors ? withPublicCors(response) : response;
  };
  return Object.assign(run, { spec }) as RouteHandler;
}

/** The OPTIONS handler of a public route: a CORS preflight. */
export function preflight(methods: readonly string[]): RouteHandler {
  return route({ auth: "public", cors: true }, ({ request }) => corsPreflight(request, [...methods, "OPTIONS"]));
}

async function authorize(auth: RouteAuth, request: Request): Promise<Principal | null> {
  if (auth === "public" || auth === "signed-body" || auth === "service-jwt") return null;
  if (auth === "relay") return void (await authorizeRelaySecret(request)), null;
  if (auth === "cron") return void (await authorizeCronSecret(request)), null;
  return authorizeRequest(request, auth);
}

/** `checked`: what must hold no unsafe text, when more than the schema reads (every value of a repeated parameter). */
function parseInput(input: unknown, schema: Schema | undefined, where: "path" | "query", checked: unknown = input): unknown {
  const problem = findUnsafeText(checked ?? {}, where);
  if (problem) throw new AppError("invalid_request", problem);
  if (!schema) return input;
  const result = schema.safeParse(input ?? {});
  if (!result.success) throw new AppError("invalid_request", describeZodError(result.error, where));
  return result.data;
}

async function readBody(spec: RouteSpec<Schema | undefined, Schema | undefined, Schema | undefined>, request: Request) {
  if (!spec.body && !spec.rawBody) return { body: undefined, raw: undefined };
  const limit = typeof spec.bodyLimit === "function" ? spec.bodyLimit() : (spec.bodyLimit ?? DEFAULT_BODY_LIMIT);
  const type = mediaType(request);
  if (spec.rawBody) {
    if (!spec.rawBody.includes(type)) throw new AppError("unsupported_media_type", `Content-Type must be ${spec.rawBody.join(" or ")}`);
    return { body: undefined, raw: await readBodyBytes(request, limit) };
  }
  const unsupported = () => new AppError("unsupported_media_type", "Content-Type must be application/json");
  if (!spec.bodyOptional && type !== "application/json") throw unsupported();
  const bytes = await readBodyBytes(request, limit);
  let json: unknown = {};
  if (!spec.bodyOptional || !isBlank(bytes)) {
    if (type !== "application/json") throw unsupported();
    json = parseJsonBytes(bytes);
  }
  const problem = spec.itemsCheckedByHandler ? null : findUnsafeText(json, "body");
  if (problem) throw new AppError("invalid_request", problem);
  const result = spec.body!.safeParse(json);
  if (!result.success) throw new AppError("invalid_request", describeZodError(result.error));
  return { body: result.data, raw: undefined };
}

/** Each parameter with all its values (a list when repeated): a route may read any of them with getAll. */
const everyValue = (params: URLSearchParams): Record<string, string | string[]> =>
  Object.fromEntries([...new Set(params.keys())].map((key) => [key, params.getAll(key).length > 1 ? params.getAll(key) : params.get(key)!]));

const isBlank = (bytes: Uint8Array): boolean => bytes.every((byte) => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09);
