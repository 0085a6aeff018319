import { z } from "zod";
import type { PolicyInput } from "./plugin-io.ts";
import { combineTiers, type PubkeyTier } from "./tiers.ts";

/** The relay's rules (from Warden's environment; the plugin receives them in its snapshot). */
export const policyConfigSchema = z.object({
  maxEventBytes: z.number().int().positive(),
  maxFutureSeconds: z.number().int().min(0),
  allowedKinds: z.array(z.number().int()).nullable(),
  deniedKinds: z.array(z.number().int()).nullable(),
  unknownPubkeys: z.enum(["reject", "hold"]),
});

export type PolicyConfig = z.infer<typeof policyConfigSchema>;

/** What the policy needs to know about trust: an in-memory snapshot, or the database. */
export interface PolicyView {
  tierOf(pubkey: string): PubkeyTier;
  isApproved(eventId: string): boolean;
}

export type EventSize = { atMost: number; exact(): number };

/** The size of the event itself (all its fields). */
export const sizeOf = (input: { event: object }): EventSize => ({ atMost: Infinity, exact: () => Buffer.byteLength(JSON.stringify(input.event)) });

/** `hold`: store the event in the queue, then answer shadowReject (OK true, nothing stored). */
export type Decision = { action: "accept" | "reject" | "hold"; msg: string };

const accept: Decision = { action: "accept", msg: "" };
const hold: Decision = { action: "hold", msg: "" };
const reject = (msg: string): Decision => ({ action: "reject", msg });

/**
 * The write policy, without I/O. Rules that do not depend on the author come first,
 * then an already approved event passes (that is how the outbox delivers it through
 * the relay's own websocket), then the author's tier decides. A NIP-42 `authed`
 * pubkey counts: the more trusted of the two tiers applies, and blocked always wins.
 *
 * `size` gives the event's size in bytes: an upper bound that is cheap to know (the
 * plugin's line length), and the exact size, computed only when the bound is over
 * the limit.
 */
export function decide(input: PolicyInput, view: PolicyView, config: PolicyConfig, nowSeconds: number, size: EventSize = sizeOf(input)): Decision {
  const { event } = input;
  if (size.atMost > config.maxEventBytes) {
    const bytes = size.exact();
    if (bytes > config.maxEventBytes) return reject(`invalid: event too large (${bytes} bytes, limit ${config.maxEventBytes})`);
  }
  if (event.created_at - nowSeconds > config.maxFutureSeconds) return reject("invalid: created_at is too far in the future");
  if (config.deniedKinds?.includes(event.kind) || (config.allowedKinds && !config.allowedKinds.includes(event.kind))) {
    return reject(`blocked: kind ${event.kind} is not accepted here`);
  }
  if (view.isApproved(event.id)) return accept;

  const own = view.tierOf(event.pubkey);
  const tier = input.authed && input.authed !== event.pubkey ? combineTiers(own, view.tierOf(input.authed)) : own;
  switch (tier) {
    case "trusted":
      return accept;
    case "member":
      return hold;
    case "unknown":
      return config.unknownPubkeys === "hold" ? hold : reject("restricted: this relay accepts events from its members only");
    case "blocked":
      return reject("blocked: this pubkey may not publish here");
  }
}
