// The app's route table, read from app/ itself: every app/**/route.ts and the HTTP
// methods it exports. The abuse suite (test/http/abuse.test.ts) is generated from it,
// so a route covers itself the moment it exists, and cannot skip the request pipeline.
import { readdirSync } from "node:fs";
import path from "node:path";
import { z } from "zod";
import { DEFAULT_BODY_LIMIT, type RouteHandler, type RouteSpec } from "@/lib/http/route";

export const HTTP_METHODS = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type AppRoute = {
  /** The URL path as Next routes the folder, with its dynamic segments: "/api/tokens/[name]". */
  pattern: string;
  method: HttpMethod;
  /** The route file, relative to the project. */
  file: string;
  /** What the file exports for this method: a RouteHandler when made by route(). */
  handler: unknown;
};

type Spec = RouteSpec<z.ZodType | undefined, z.ZodType | undefined, z.ZodType | undefined>;
export type Params = Record<string, string | string[]>;

/** Imports every route file under `root` and lists each method it exports. */
export async function loadAppRoutes(root = "app"): Promise<AppRoute[]> {
  const files = readdirSync(root, { recursive: true, encoding: "utf8" })
    .filter((file) => path.basename(file) === "route.ts")
    .sort();
  const routes: AppRoute[] = [];
  for (const file of files) {
    const exports = (await import(path.resolve(root, file))) as Record<string, unknown>;
    for (const method of HTTP_METHODS) {
      if (method in exports) routes.push({ pattern: routePattern(file), method, file: path.join(root, file), handler: exports[method] });
    }
  }
  return routes;
}

/**
 * The URL path of a route file, as Next maps folders to paths: route groups `(x)` are
 * not part of the URL, and `%5F` names a segment that starts with `_` (`_x` alone would
 * be a private folder).
 */
export function routePattern(file: string): string {
  const segments = file
    .split(/[\\/]/)
    .slice(0, -1)
    .filter((segment) => !/^\(.*\)$/.test(segment))
    .map((segment) => segment.replace(/%5F/gi, "_"));
  return `/${segments.join("/")}`;
}

/** Made by route(): carries the spec the pipeline enforces. */
export function isPipelineRoute(handler: unknown): handler is RouteHandler {
  return typeof handler === "function" && typeof (handler as Partial<RouteHandler>).spec?.auth === "string";
}

/** The dynamic segments of a pattern: `[id]` and `[...path]` (catch-all, an array). */
export function paramNames(pattern: string): { name: string; catchAll: boolean }[] {
  return [...pattern.matchAll(/\[(\.\.\.)?([^\]]+)\]/g)].map((match) => ({ name: match[2]!, catchAll: Boolean(match[1]) }));
}

/**
 * The pattern with its dynamic segments filled in, each value percent-encoded as a client
 * would send it (a lone surrogate cannot be: it goes as U+FFFD, and only the params carry it).
 */
export function concretePath(pattern: string, params: Params): string {
  return pattern.replace(/\[(?:\.\.\.)?([^\]]+)\]/g, (_, name: string) => {
    const value = params[name] ?? "";
    return (Array.isArray(value) ? value : [value]).map((segment) => encodeURIComponent(segment.toWellFormed())).join("/");
  });
}

/** The byte limit the pipeline applies to a route's body. */
export function bodyLimit(spec: Spec): number {
  return typeof spec.bodyLimit === "function" ? spec.bodyLimit() : (spec.bodyLimit ?? DEFAULT_BODY_LIMIT);
}

/** The content type a client sends a route's body with: JSON wherever the route takes it. */
export function bodyContentType(spec: Spec): string {
  if (!spec.rawBody || spec.rawBody.includes("application/json")) return "application/json";
  return spec.rawBody[0]!;
}

/** Where a value sits in a JSON document: [] is the whole body, ["labels", 0, "uri"] a field inside. */
export type FieldPath = (string | number)[];

/** A field as the pipeline's messages name it: "body.labels.0.uri". */
export const fieldName = (where: string, field: FieldPath): string => [where, ...field].join(".");

/**
 * Every field a body (or query) can have: the properties of the zod schema, into nested
 * objects, array items (as index 0) and each branch of a union, plus every field of
 * the sample (for a route whose schema is z.unknown() and checks the shape itself).
 * The root comes first.
 */
export function fieldPaths(schema: z.ZodType | undefined, sample: unknown): FieldPath[] {
  const found = new Map<string, FieldPath>([["", []]]);
  const add = (field: FieldPath) => found.set(field.join("."), field);
  if (schema) walkJsonSchema(z.toJSONSchema(schema, { io: "input", unrepresentable: "any" }) as JsonSchemaNode, [], add);
  walkSample(sample, [], add);
  return [...found.values()];
}

type JsonSchemaNode = { properties?: Record<string, JsonSchemaNode>; items?: JsonSchemaNode | boolean; anyOf?: JsonSchemaNode[]; oneOf?: JsonSchemaNode[]; allOf?: JsonSchemaNode[] };

function walkJsonSchema(node: JsonSchemaNode, at: FieldPath, add: (field: FieldPath) => void): void {
  if (at.length > 8) return;
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    add([...at, key]);
    walkJsonSchema(child, [...at, key], add);
  }
  if (node.items && typeof node.items === "object") {
    add([...at, 0]);
    walkJsonSchema(node.items, [...at, 0], add);
  }
  for (const branch of [...(node.anyOf ?? []), ...(node.oneOf ?? []), ...(node.allOf ?? [])]) walkJsonSchema(branch, at, add);
}

function walkSample(value: unknown, at: FieldPath, add: (field: FieldPath) => void): void {
  if (Array.isArray(value)) {
    if (value.length === 0) return;
    add([...at, 0]);
    walkSample(value[0], [...at, 0], add);
  } else if (value !== null && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      add([...at, key]);
      walkSample(child, [...at, key], add);
    }
  }
}

/** A copy of `root` with `value` at `field`, creating the objects and arrays on the way. */
export function withValueAt(root: unknown, field: FieldPath, value: unknown): unknown {
  if (field.length === 0) return value;
  const copy: unknown = structuredClone(root);
  const top = isContainer(copy) ? copy : typeof field[0] === "number" ? [] : {};
  let node = top as Record<string | number, unknown>;
  field.forEach((key, i) => {
    if (i === field.length - 1) return void (node[key] = value);
    if (!isContainer(node[key])) node[key] = typeof field[i + 1] === "number" ? [] : {};
    node = node[key] as Record<string | number, unknown>;
  });
  return top;
}

const isContainer = (value: unknown): value is object => value !== null && typeof value === "object";
