import { z } from "zod";
import { MAX_BULK_DECISIONS } from "./decide-events";
import { MAX_QUEUE_PAGE } from "./list-queue";
import { pubkeyTiers } from "./policy/tiers";
import { MAX_NOTE_LENGTH } from "./trust";
import { queueTabs } from "./views/queue-query";

// The admin API's inputs. Hex is accepted in either case and stored lowercase.
const hex64 = (what: string) =>
  z
    .string({ error: `${what} must be 64 hex characters` })
    .regex(/^[0-9a-fA-F]{64}$/, `${what} must be 64 hex characters`)
    .transform((value) => value.toLowerCase());
const reason = z.string().trim().max(MAX_NOTE_LENGTH).optional();

export const pubkeyTierBodySchema = z.object({
  pubkey: hex64("pubkey"),
  tier: z.enum(pubkeyTiers, { error: `tier must be one of ${pubkeyTiers.join(", ")}` }),
  note: reason,
  /** Only if the tier is still this one (an undo); 409 otherwise. */
  if_tier: z.enum(pubkeyTiers, { error: `if_tier must be one of ${pubkeyTiers.join(", ")}` }).optional(),
  /** Why, for the audit log. */
  reason,
});

export const pubkeysQuerySchema = z.object({ tier: z.enum(pubkeyTiers).optional() });

/** GET /api/relay/queue (the dashboard page has its own: queuePageQuerySchema). */
export const queueListQuerySchema = z.object({
  status: z
    .string()
    .transform((list) => list.split(",").map((status) => status.trim()).filter(Boolean))
    .pipe(z.array(z.enum(queueTabs, { error: `status must be a comma-separated list of ${queueTabs.join(", ")}` })))
    .optional(),
  before: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_QUEUE_PAGE).optional(),
});

export const decisionBodySchema = z.object({ reason });

export const bulkDecisionBodySchema = z.object({
  ids: z.array(hex64("each id")).min(1).max(MAX_BULK_DECISIONS),
  decision: z.enum(["approve", "reject"]),
  reason,
});

export const banBodySchema = z.object({ reason });
/** POST /api/relay/authors/:pubkey/unban: why, for the audit log. */
export const unbanBodySchema = z.object({ reason });

export const eventIdParam = hex64("event id");
export const pubkeyParam = hex64("pubkey");

/** The plugin's batch of held events (POST /api/relay/held); each item is checked on its own. */
export const heldBodySchema = z.object({ items: z.array(z.unknown()).min(1).max(1_000) });

export const snapshotQuerySchema = z.object({
  since: z.coerce.number().int().min(0).optional(),
  wait: z.coerce.number().min(0).max(60).optional(),
});
