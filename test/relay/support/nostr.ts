import { finalizeEvent, generateSecretKey, getPublicKey, type EventTemplate } from "nostr-tools/pure";
import type { NostrEvent } from "@/lib/relay/policy/nostr-event";
import type { PluginInput } from "@/lib/relay/policy/plugin-io";

export type Author = { pubkey: string; sign(template?: Partial<EventTemplate>): NostrEvent };

let clock = Math.floor(Date.now() / 1000) - 3_600;

/** A new key pair; each signed event gets a later created_at than the last unless given one. */
export function newAuthor(): Author {
  const secretKey = generateSecretKey();
  return {
    pubkey: getPublicKey(secretKey),
    sign(template = {}) {
      const signed = finalizeEvent({ kind: 1, created_at: (clock += 1), tags: [], content: "hello relay", ...template }, secretKey);
      // A plain object, as a relay receives it (nostr-tools marks its own as verified).
      const { id, pubkey, created_at, kind, tags, content, sig } = signed;
      return { id, pubkey, created_at, kind, tags, content, sig };
    },
  };
}

/** A strfry plugin request for an event, as strfry writes it. */
export function pluginRequest(event: NostrEvent, extra: Partial<PluginInput> = {}): PluginInput {
  return { type: "new", event, receivedAt: Math.floor(Date.now() / 1000), sourceType: "IP4", sourceInfo: "203.0.113.9", ...extra };
}

/** The same event with its signature broken (still well-formed). */
export function withBadSignature(event: NostrEvent): NostrEvent {
  const last = event.sig.at(-1) === "0" ? "1" : "0";
  return { ...event, sig: event.sig.slice(0, -1) + last };
}
