import { z } from "zod";
import type { PolicyConfig, PolicyView } from "./decide.ts";
import { policyConfigSchema } from "./decide.ts";
import { pubkeyTiers, type PubkeyTier } from "./tiers.ts";

/**
 * GET /api/relay/snapshot's answer. `full`: the whole state (pubkeys by tier, other
 * than unknown; ids approved but not yet delivered). Otherwise the net changes since
 * the version asked for: pubkeys by their new tier (unknown removes), ids to add and
 * to drop. Flat lists of strings keep a large snapshot cheap to parse.
 */
export const snapshotUpdateSchema = z.object({
  version: z.number().int().min(0),
  full: z.boolean(),
  config: policyConfigSchema,
  tiers: z.partialRecord(z.enum(pubkeyTiers), z.array(z.string())),
  approved: z.array(z.string()),
  unapproved: z.array(z.string()),
});

export type SnapshotUpdate = z.infer<typeof snapshotUpdateSchema>;

/** The plugin's in-memory copy of the trust state, kept current by applying updates. */
export class PolicySnapshot implements PolicyView {
  version = -1;
  config: PolicyConfig | null = null;
  private tiers = new Map<string, PubkeyTier>();
  private approved = new Set<string>();

  apply(update: SnapshotUpdate): void {
    if (update.full) {
      this.tiers = new Map();
      this.approved = new Set();
    }
    for (const tier of pubkeyTiers) {
      for (const pubkey of update.tiers[tier] ?? []) {
        if (tier === "unknown") this.tiers.delete(pubkey);
        else this.tiers.set(pubkey, tier);
      }
    }
    for (const id of update.approved) this.approved.add(id);
    for (const id of update.unapproved) this.approved.delete(id);
    this.config = update.config;
    this.version = update.version;
  }

  tierOf(pubkey: string): PubkeyTier {
    return this.tiers.get(pubkey) ?? "unknown";
  }

  isApproved(eventId: string): boolean {
    return this.approved.has(eventId);
  }

  get size(): { tiers: number; approved: number } {
    return { tiers: this.tiers.size, approved: this.approved.size };
  }
}
