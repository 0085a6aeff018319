import { z } from "zod";
import { hex64Schema, nostrEventSchema } from "./nostr-event.ts";

/**
 * strfry's write-policy protocol (docs/plugins.md): one JSON object per line in,
 * one `{id, action, msg}` per line out. The same objects are the body and answer
 * of POST /api/relay/policy.
 */
export const pluginInputSchema = z.object({
  type: z.literal("new", { error: "unsupported request type" }),
  event: nostrEventSchema,
  receivedAt: z.number().optional(),
  // IP4 | IP6 | Import | Stream | Sync | Stored today; kept open for later values.
  sourceType: z.string().max(32).optional(),
  sourceInfo: z.string().max(1024).optional(),
  // NIP-42 authenticated pubkey (strfry 1.1+); "" from relays that always send it.
  authed: z.union([hex64Schema, z.literal("")]).optional(),
});

export type PluginInput = z.infer<typeof pluginInputSchema>;

export const pluginActions = ["accept", "reject", "shadowReject"] as const;
export type PluginAction = (typeof pluginActions)[number];
export type PluginOutput = { id: string; action: PluginAction; msg: string };

export const pluginOutputSchema = z.object({
  id: z.string(),
  action: z.enum(pluginActions),
  msg: z.string(),
});

export type ParsedRequest =
  | { ok: true; input: PluginInput }
  /** `id` is what could be recovered to answer with (null: the line cannot be answered). */
  | { ok: false; id: string | null; msg: string };

// strfry compares the reply's id with the event's; an id longer than this is not one.
const MAX_ECHOED_ID = 128;
const MAX_MSG = 200;

/** Validates one decoded request; a failure keeps whatever id it can for the reply. */
export function parsePluginRequest(value: unknown): ParsedRequest {
  const result = pluginInputSchema.safeParse(value);
  if (result.success) return { ok: true, input: result.data };
  const issue = result.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
  return { ok: false, id: idOf(value), msg: truncate(`invalid: ${where}${issue?.message ?? "malformed request"}`) };
}

// `"id":"<64 hex>"`: inside a JSON string the quotes would be escaped, so this only
// matches a real key.
const ID_IN_TEXT = /"id"\s*:\s*"([0-9a-f]{64})"/;

/** The first event id written in a text that is not valid JSON (a truncated or garbled line), if any. */
export const idInText = (text: string): string | null => ID_IN_TEXT.exec(text)?.[1] ?? null;

/** Parses one line of the plugin's stdin. */
export function parsePluginLine(line: string): ParsedRequest {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, id: idInText(line), msg: "invalid: request is not valid JSON" };
  }
  return parsePluginRequest(value);
}

function idOf(value: unknown): string | null {
  if (typeof value !== "object" || value === null) return null;
  const event = (value as { event?: unknown }).event;
  const id = typeof event === "object" && event !== null ? (event as { id?: unknown }).id : undefined;
  return typeof id === "string" && id.length > 0 && id.length <= MAX_ECHOED_ID ? id : null;
}

const truncate = (text: string) => (text.length > MAX_MSG ? `${text.slice(0, MAX_MSG - 1)}…` : text);

export const reply = (id: string, action: PluginAction, msg = ""): PluginOutput => ({ id, action, msg });
