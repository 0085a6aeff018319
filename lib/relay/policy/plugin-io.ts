import { z } from "zod";
import { hex64Schema, nostrEventSchema } from "./nostr-event.ts";

// strfry's write-policy protocol (docs/plugins.md): one JSON object per line in, one
// `{id, action, msg}` per line out. The same objects are the body and answer of
// POST /api/relay/policy.

const requestType = z.literal("new", { error: "unsupported request type" });
// NIP-42 authenticated pubkey (strfry 1.1+); "" from relays that always send it.
const authed = z.union([hex64Schema, z.literal("")]).optional();

/** A whole request, as Warden checks it before storing or verifying an event. */
export const pluginInputSchema = z.object({
  type: requestType,
  event: nostrEventSchema,
  receivedAt: z.number().optional(),
  // IP4 | IP6 | Import | Stream | Sync | Stored today; kept open for later values.
  sourceType: z.string().max(32).optional(),
  sourceInfo: z.string().max(1024).optional(),
  authed,
});

export type PluginInput = z.infer<typeof pluginInputSchema>;

/**
 * What the policy decides on: the plugin checks only these on its hot path (half the
 * cost of the whole request). strfry has already parsed the event and verified its id
 * and signature, and Warden checks the whole request before it stores a held one.
 */
export const policyInputSchema = z.object({
  type: requestType,
  event: nostrEventSchema.pick({ id: true, pubkey: true, created_at: true, kind: true }),
  authed,
});

export type PolicyInput = z.infer<typeof policyInputSchema>;

export const pluginActions = ["accept", "reject", "shadowReject"] as const;
export type PluginAction = (typeof pluginActions)[number];
export type PluginOutput = { id: string; action: PluginAction; msg: string };

export const pluginOutputSchema = z.object({
  id: z.string(),
  action: z.enum(pluginActions),
  msg: z.string(),
});

export type ParsedRequest<T = PluginInput> =
  /** `value`: the request as decoded, every field kept. */
  | { ok: true; input: T; value: unknown }
  /** `id` is what could be recovered to answer with (null: the line cannot be answered). */
  | { ok: false; id: string | null; msg: string };

// strfry compares the reply's id with the event's; an id longer than this is not one.
const MAX_ECHOED_ID = 128;
const MAX_MSG = 200;

/** Validates one decoded request; a failure keeps whatever id it can for the reply. */
export function parsePluginRequest(value: unknown): ParsedRequest;
export function parsePluginRequest<T>(value: unknown, schema: z.ZodType<T>): ParsedRequest<T>;
export function parsePluginRequest(value: unknown, schema: z.ZodType = pluginInputSchema): ParsedRequest<unknown> {
  const result = schema.safeParse(value);
  if (result.success) return { ok: true, input: result.data, value };
  const issue = result.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join(".")}: ` : "";
  return { ok: false, id: idOf(value), msg: truncate(`invalid: ${where}${issue?.message ?? "malformed request"}`) };
}

// `"id":"<64 hex>"`: inside a JSON string the quotes would be escaped, so this only
// matches a real key.
const ID_IN_TEXT = /"id"\s*:\s*"([0-9a-f]{64})"/;

/** The first event id written in a text that is not valid JSON (a truncated or garbled line), if any. */
export const idInText = (text: string): string | null => ID_IN_TEXT.exec(text)?.[1] ?? null;

/** Parses one line of the plugin's stdin, checking what the policy decides on. */
export function parsePluginLine(line: string): ParsedRequest<PolicyInput> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { ok: false, id: idInText(line), msg: "invalid: request is not valid JSON" };
  }
  return parsePluginRequest(value, policyInputSchema);
}

function idOf(value: unknown): string | null {
  if (typeof value !== "object" || value === null) return null;
  const event = (value as { event?: unknown }).event;
  const id = typeof event === "object" && event !== null ? (event as { id?: unknown }).id : undefined;
  return typeof id === "string" && id.length > 0 && id.length <= MAX_ECHOED_ID ? id : null;
}

const truncate = (text: string) => (text.length > MAX_MSG ? `${text.slice(0, MAX_MSG - 1)}…` : text);

export const reply = (id: string, action: PluginAction, msg = ""): PluginOutput => ({ id, action, msg });
