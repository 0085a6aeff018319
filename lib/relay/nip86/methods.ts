import { z } from "zod";
import type { RelayEventStatus } from "@/lib/db/generated/enums";
import { AppError } from "@/lib/errors";
import { banAuthor } from "@/lib/relay/ban-author";
import { decideEvent } from "@/lib/relay/decide-event";
import { listQueue } from "@/lib/relay/list-queue";
import { listPubkeys, setPubkeyTier, type PubkeyTier } from "@/lib/relay/trust";
import { unbanAuthor } from "@/lib/relay/unban-author";
import { pubkeyTier } from "@/lib/relay/views/pubkey-tier";

/** NIP-86 has no paging: list methods answer at most this many entries. */
export const NIP86_LIST_LIMIT = 1_000;

const hex32 = (what: string) =>
  z
    .string({ error: `${what} must be a 32-byte hex string` })
    .regex(/^[0-9a-fA-F]{64}$/, `${what} must be a 32-byte hex string`)
    .transform((value) => value.toLowerCase());
// Clients send a missing reason as absent, null or "".
const reason = z
  .string({ error: "reason must be a string" })
  .max(1_000, "reason must be at most 1000 characters")
  .nullish()
  .transform((value) => value?.trim() || undefined);
const pubkeyParams = z.tuple([hex32("pubkey"), reason.optional()]);
const eventParams = z.tuple([hex32("event id"), reason.optional()]);
const noParams = z.array(z.unknown());

type Method<S extends z.ZodType> = { params: S; run: (params: z.infer<S>, actor: string) => Promise<unknown> };
const method = <S extends z.ZodType>(params: S, run: Method<S>["run"]): Method<S> => ({ params, run });

/** Moves a pubkey from one tier back to `unknown`, leaving any other tier alone. */
async function leaveTier(pubkey: string, from: PubkeyTier, actor: string, note?: string): Promise<true> {
  if ((await pubkeyTier(pubkey)) === from) await setPubkeyTier({ pubkey, tier: "unknown", note }, actor);
  return true;
}

async function pubkeysIn(tier: PubkeyTier) {
  const rows = await listPubkeys({ tier });
  return rows.slice(0, NIP86_LIST_LIMIT).map((row) => ({ pubkey: row.pubkey, ...(row.note ? { reason: row.note } : {}) }));
}

async function eventsIn(status: RelayEventStatus[]) {
  const found: { id: string; reason?: string }[] = [];
  let before: string | undefined;
  do {
    const page = await listQueue({ status, before, limit: Math.min(500, NIP86_LIST_LIMIT - found.length) });
    for (const event of page.events) found.push({ id: event.id, ...(event.reason ? { reason: event.reason } : {}) });
    before = page.next;
  } while (before && found.length < NIP86_LIST_LIMIT);
  return found;
}

/** The NIP-86 methods Warden implements, mapped onto the relay domain. */
const methods = {
  supportedmethods: method(noParams, async (): Promise<string[]> => supportedMethods()),
  banpubkey: method(pubkeyParams, async ([pubkey, why], actor) => {
    await banAuthor(pubkey, actor, why);
    return true;
  }),
  // An unban gives back the tier the ban replaced (lib/relay/unban-author.ts), as the dashboard's does.
  unbanpubkey: method(pubkeyParams, async ([pubkey, why], actor) => {
    if ((await pubkeyTier(pubkey)) === "blocked") await unbanAuthor(pubkey, actor, why);
    return true;
  }),
  listbannedpubkeys: method(noParams, () => pubkeysIn("blocked")),
  allowpubkey: method(pubkeyParams, async ([pubkey, why], actor) => {
    await setPubkeyTier({ pubkey, tier: "trusted", note: why }, actor);
    return true;
  }),
  unallowpubkey: method(pubkeyParams, ([pubkey, why], actor) => leaveTier(pubkey, "trusted", actor, why)),
  listallowedpubkeys: method(noParams, () => pubkeysIn("trusted")),
  listeventsneedingmoderation: method(noParams, () => eventsIn(["pending", "ai_flagged"])),
  allowevent: method(eventParams, async ([id, why], actor) => {
    await decideEvent(id, "approve", actor, why);
    return true;
  }),
  banevent: method(eventParams, async ([id, why], actor) => {
    await decideEvent(id, "reject", actor, why);
    return true;
  }),
  listbannedevents: method(noParams, () => eventsIn(["rejected"])),
} satisfies Record<string, Method<z.ZodType>>;

export function supportedMethods(): string[] {
  return Object.keys(methods);
}

/**
 * Runs one call. Unknown methods and bad params throw `invalid_request`; domain
 * errors (not_found, conflict) pass through for the caller to map.
 */
export async function callNip86Method(name: string, params: unknown[], actor: string): Promise<unknown> {
  if (!Object.hasOwn(methods, name)) throw new AppError("invalid_request", "unsupported method");
  const target = methods[name as keyof typeof methods] as Method<z.ZodType>;
  const parsed = target.params.safeParse(params);
  if (!parsed.success) throw new AppError("invalid_request", `invalid params: ${parsed.error.issues[0]?.message ?? "wrong shape"}`);
  return target.run(parsed.data, actor);
}
