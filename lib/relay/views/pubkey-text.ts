import { decode, npubEncode } from "nostr-tools/nip19";

// Pure helpers, safe in client components (no database).

const HEX_PUBKEY = /^[0-9a-f]{64}$/;

export function npubOf(hex: string): string {
  return npubEncode(hex);
}

/** "3bf0c63f…459d" for tight spaces; the full key stays in a title. */
export function shortPubkey(hex: string): string {
  return `${hex.slice(0, 8)}…${hex.slice(-4)}`;
}

/**
 * A pubkey typed or pasted by a moderator: 64 hex characters, an npub, or an nprofile
 * (optionally as a nostr: URI). Null when it is none of those.
 */
export function pubkeyFromInput(input: string): string | null {
  const text = input.trim().replace(/^nostr:/i, "");
  if (HEX_PUBKEY.test(text.toLowerCase())) return text.toLowerCase();
  try {
    const decoded = decode(text.toLowerCase());
    if (decoded.type === "npub") return decoded.data;
    if (decoded.type === "nprofile") return decoded.data.pubkey;
  } catch {
    // not bech32: fall through
  }
  return null;
}

/** "npub1sg6plzptd64u…ft6s" for a card; the full npub is copied. */
export function shortNpub(npub: string): string {
  return `${npub.slice(0, 14)}…${npub.slice(-4)}`;
}
