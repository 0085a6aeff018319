import { createHash } from "node:crypto";
import { finalizeEvent } from "nostr-tools/pure";

/**
 * The e2e server's NIP-86 admin (playwright.config.ts puts its pubkey in
 * NIP86_ADMIN_PUBKEYS) and the extra path it serves NIP-86 at (NIP86_PATH).
 */
export const NIP86_ADMIN_SECRET = Uint8Array.from(Buffer.from("5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed5eed0086", "hex"));
export const NIP86_ADMIN_PUBKEY = "066d7fceb08b8a771bc0ad9de16515d53c12c183543f6c1fef2c7a1f8307c451";
export const NIP86_EXTRA_PATH = "/nip86";

/** A NIP-98 Authorization header for exactly these body bytes. */
export function nip98Header(url: string, body: string, secret: Uint8Array = NIP86_ADMIN_SECRET, tags: string[][] = []): string {
  const event = finalizeEvent(
    {
      kind: 27235,
      created_at: Math.floor(Date.now() / 1000),
      content: "",
      tags: [["u", url], ["method", "POST"], ["payload", createHash("sha256").update(body).digest("hex")], ...tags],
    },
    secret,
  );
  return `Nostr ${Buffer.from(JSON.stringify(event)).toString("base64")}`;
}
