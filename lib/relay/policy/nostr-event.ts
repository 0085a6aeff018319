import { z } from "zod";

// Shared with the strfry plugin, which Node runs without a bundler: relative
// imports with their .ts extension, and only TypeScript that Node can strip.

const HEX64 = /^[0-9a-f]{64}$/;
const HEX128 = /^[0-9a-f]{128}$/;

export const hex64Schema = z.string().regex(HEX64, "must be 64 lowercase hex characters");
export const isHex64 = (value: string): boolean => HEX64.test(value);

/** A NIP-01 event. Unknown fields are dropped: what is stored and delivered is these seven. */
export const nostrEventSchema = z.object({
  id: hex64Schema,
  pubkey: hex64Schema,
  created_at: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  kind: z.number().int().min(0).max(65_535),
  tags: z.array(z.array(z.string())),
  content: z.string(),
  sig: z.string().regex(HEX128, "must be 128 lowercase hex characters"),
});

export type NostrEvent = z.infer<typeof nostrEventSchema>;

/** NIP-01 kind classes. */
export const isReplaceable = (kind: number): boolean => kind === 0 || kind === 3 || (kind >= 10_000 && kind < 20_000);
export const isEphemeral = (kind: number): boolean => kind >= 20_000 && kind < 30_000;
export const isAddressable = (kind: number): boolean => kind >= 30_000 && kind < 40_000;

/**
 * "kind:pubkey:d" for a replaceable (d empty) or addressable event, the form `a`
 * tags use; null for other kinds. Events at one address replace each other.
 */
export function addressOf(event: Pick<NostrEvent, "kind" | "pubkey" | "tags">): string | null {
  if (isReplaceable(event.kind)) return `${event.kind}:${event.pubkey}:`;
  if (!isAddressable(event.kind)) return null;
  const d = event.tags.find((tag) => tag[0] === "d")?.[1] ?? "";
  return `${event.kind}:${event.pubkey}:${d}`;
}

/** NIP-01 order between two versions at one address: newer created_at wins, then the lower id. */
export function supersedes(a: Pick<NostrEvent, "created_at" | "id">, b: Pick<NostrEvent, "created_at" | "id">): boolean {
  return a.created_at > b.created_at || (a.created_at === b.created_at && a.id < b.id);
}
