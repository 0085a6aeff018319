import { findUnsafeText } from "@/lib/http/unsafe-text";
import { parsePluginRequest, type ParsedRequest } from "./policy/plugin-io";

/**
 * A plugin request Warden may have to store: valid, and free of text PostgreSQL's
 * jsonb cannot hold (a NUL or a lone surrogate, both legal JSON escapes), which is
 * rejected on its own instead of failing the batch it came in.
 */
export function parseStorableRequest(value: unknown): ParsedRequest {
  const parsed = parsePluginRequest(value);
  if (!parsed.ok) return parsed;
  const problem = findUnsafeText(value, "request");
  return problem ? { ok: false, id: parsed.input.event.id, msg: `invalid: ${problem}` } : parsed;
}
