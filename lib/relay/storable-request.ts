import { findUnsafeText } from "@/lib/http/unsafe-text";
import { addressOf } from "./policy/nostr-event";
import { parsePluginRequest, type ParsedRequest } from "./policy/plugin-io";

/**
 * An event's address ("kind:pubkey:d") is a key of a PostgreSQL btree index, whose
 * entries must fit in 2,704 bytes: a longer `d` tag would fail the insert, and with it
 * every event of the batch. Real `d` tags are slugs and UUIDs.
 */
export const MAX_ADDRESS_BYTES = 2048;

/**
 * A plugin request Warden may have to store: valid, free of text PostgreSQL's jsonb
 * cannot hold (a NUL or a lone surrogate, both legal JSON escapes), and with an address
 * short enough to index. Anything else is rejected on its own instead of failing the
 * batch it came in.
 */
export function parseStorableRequest(value: unknown): ParsedRequest {
  const parsed = parsePluginRequest(value);
  if (!parsed.ok) return parsed;
  const { id } = parsed.input.event;
  const problem = findUnsafeText(value, "request");
  if (problem) return { ok: false, id, msg: `invalid: ${problem}` };
  const address = addressOf(parsed.input.event);
  if (address !== null && Buffer.byteLength(address, "utf8") > MAX_ADDRESS_BYTES) {
    return { ok: false, id, msg: `invalid: the d tag makes the event's address longer than ${MAX_ADDRESS_BYTES} bytes` };
  }
  return parsed;
}
