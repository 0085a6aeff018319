import { z } from "zod";

/** JSON nested deeper than this is refused: no route takes more than a few levels. */
export const MAX_JSON_DEPTH = 32;

// A NUL (PostgreSQL refuses it in text and jsonb) or a UTF-16 surrogate without its pair
// (not valid Unicode: it cannot be stored as UTF-8).
const UNSAFE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const isSafeText = (text: string): boolean => !UNSAFE.test(text);

/**
 * The first problem in a decoded JSON value, named by its path ("items.3.reason: …"),
 * or null: strings and keys that hold a NUL or a lone surrogate, and nesting deeper
 * than MAX_JSON_DEPTH. Run on every body, query and path parameter, whatever the
 * route's schema says, so no route can forget it.
 */
export function findUnsafeText(value: unknown, where: string, depth = 0): string | null {
  if (typeof value === "string") return isSafeText(value) ? null : `${where}: must not contain NUL or unpaired surrogate characters`;
  if (value === null || typeof value !== "object") return null;
  if (depth >= MAX_JSON_DEPTH) return `${where}: nested deeper than ${MAX_JSON_DEPTH} levels`;
  const entries = Array.isArray(value) ? value.entries() : Object.entries(value);
  for (const [key, item] of entries) {
    const path = `${where}.${key}`;
    if (typeof key === "string" && !isSafeText(key)) return `${where}: a key must not contain NUL or unpaired surrogate characters`;
    const problem = findUnsafeText(item, path, depth + 1);
    if (problem) return problem;
  }
  return null;
}

/** A zod string that refuses NUL and lone surrogates, for inputs that do not come through HTTP (CLI, plugin). */
export const safeText = () => z.string().refine(isSafeText, "must not contain NUL or unpaired surrogate characters");
