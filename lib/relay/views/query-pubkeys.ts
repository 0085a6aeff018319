import { z } from "zod";
import { db } from "@/lib/db";
import type { PubkeyTrust } from "@/lib/db/generated/enums";
import { pubkeyTiers } from "@/lib/relay/policy/tiers";

export const PUBKEY_PAGE_SIZE = 50;

const CURSOR = /^(\d{1,15})\.([0-9a-f]{64})$/;
const blankToUndefined = (value: unknown) => (value === "" ? undefined : value);

export const pubkeyQuerySchema = z.object({
  tier: z.preprocess(blankToUndefined, z.enum(pubkeyTiers, { error: "tier must be trusted, member, unknown or blocked" }).optional()),
  cursor: z.preprocess(blankToUndefined, z.string({ error: "cursor must be given once" }).regex(CURSOR, "cursor is not a list position").optional()),
});
export type PubkeyQuery = z.infer<typeof pubkeyQuerySchema>;

/** `unbanTo`: for a blocked pubkey, the tier an unban gives back (what the ban replaced). */
export type PubkeyRow = { pubkey: string; tier: PubkeyTrust; note: string | null; updatedAt: Date; updatedBy: string; unbanTo: PubkeyTrust | null };

/** Stored pubkeys, most recently changed first, keyset-paginated on (updatedAt, pubkey). */
export async function queryPubkeys(query: PubkeyQuery, limit = PUBKEY_PAGE_SIZE): Promise<{ rows: PubkeyRow[]; nextCursor: string | null }> {
  const [, ms, pubkey] = (query.cursor && CURSOR.exec(query.cursor)) || [];
  const at = ms ? new Date(Number(ms)) : undefined;
  const rows = await db().relayPubkey.findMany({
    where: {
      ...(query.tier && { trust: query.tier }),
      ...(at && pubkey && { OR: [{ updatedAt: { lt: at } }, { updatedAt: at, pubkey: { lt: pubkey } }] }),
    },
    orderBy: [{ updatedAt: "desc" }, { pubkey: "desc" }],
    take: limit + 1,
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    rows: page.map(({ pubkey, trust, note, updatedAt, updatedBy, banPreviousTrust }) => ({
      pubkey,
      tier: trust,
      note,
      updatedAt,
      updatedBy,
      unbanTo: trust === "blocked" ? (banPreviousTrust ?? "unknown") : null,
    })),
    nextCursor: rows.length > limit && last ? `${last.updatedAt.getTime()}.${last.pubkey}` : null,
  };
}
