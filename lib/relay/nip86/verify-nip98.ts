import { createHash } from "node:crypto";
import { verifyEvent } from "nostr-tools/pure";
import { z } from "zod";
import { AppError } from "@/lib/errors";

/** NIP-98 HTTP Auth event kind. */
export const HTTP_AUTH_KIND = 27235;
/** How far created_at may be from our clock, either way (NIP-98 suggests about a minute). */
export const MAX_CLOCK_SKEW_SECONDS = 60;
// A kind-27235 event with three short tags is well under 1 KB; this only bounds the work.
const MAX_TOKEN_CHARS = 8_192;

const hex = (length: number) => z.string().regex(new RegExp(`^[0-9a-f]{${length}}$`));
const authEventSchema = z.object({
  id: hex(64),
  pubkey: hex(64),
  sig: hex(128),
  kind: z.number().int(),
  created_at: z.number().int(),
  tags: z.array(z.array(z.string())),
  content: z.string(),
});

export type Nip98Request = {
  /** The Authorization header as received. */
  authorization: string | null;
  /** The absolute URL the client called (see publicRequestUrl). */
  url: string;
  method: string;
  /** The raw body bytes: the payload tag is the sha256 of exactly these. */
  body: Uint8Array;
  /** Hex pubkeys allowed to call; empty means nobody (fail closed). */
  admins: readonly string[];
  nowSeconds?: number;
};

export type Nip98Auth = { pubkey: string; signature: string; createdAt: number };

/**
 * Checks a NIP-98 `Authorization: Nostr <base64 event>` header against the request
 * it came with, and returns the signer. Throws `unauthorized` on any failure. The
 * reasons are short and never tell a caller without an admin key anything it can use:
 * a non-admin pubkey and a bad signature get the same answer.
 */
export function verifyNip98(request: Nip98Request): Nip98Auth {
  const event = decodeAuthEvent(request.authorization);
  const now = request.nowSeconds ?? Math.floor(Date.now() / 1000);

  if (event.kind !== HTTP_AUTH_KIND) deny(`event kind must be ${HTTP_AUTH_KIND}`);
  if (Math.abs(now - event.created_at) > MAX_CLOCK_SKEW_SECONDS) deny("created_at is not within 60 seconds of now");
  if (tagValue(event.tags, "u") !== request.url) deny("u tag does not match the request URL");
  if (tagValue(event.tags, "method")?.toUpperCase() !== request.method.toUpperCase()) deny("method tag does not match");
  if (tagValue(event.tags, "payload")?.toLowerCase() !== sha256Hex(request.body)) {
    deny("payload tag must be the sha256 of the request body");
  }
  // Membership before the (costly) signature check, but both answer alike so that
  // unsigned probes cannot learn which pubkeys are admins.
  if (!request.admins.includes(event.pubkey) || !verifyEvent({ ...event })) deny("not authorized");
  return { pubkey: event.pubkey, signature: event.sig, createdAt: event.created_at };
}

function decodeAuthEvent(authorization: string | null): z.infer<typeof authEventSchema> {
  const match = /^Nostr\s+([A-Za-z0-9+/_-]+={0,2})\s*$/i.exec(authorization ?? "");
  if (!match?.[1] || match[1].length > MAX_TOKEN_CHARS) deny("Authorization: Nostr <base64 event> is required");
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(match[1], "base64").toString("utf8"));
  } catch {
    deny("the token is not a base64 JSON event");
  }
  const parsed = authEventSchema.safeParse(json);
  if (!parsed.success) deny("the token is not a valid Nostr event");
  return parsed.data;
}

function tagValue(tags: string[][], name: string): string | undefined {
  return tags.find((tag) => tag[0] === name)?.[1];
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

function deny(reason: string): never {
  throw new AppError("unauthorized", `NIP-98 authorization failed: ${reason}`);
}
