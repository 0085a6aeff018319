import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { NostrEvent } from "@/lib/relay/policy/nostr-event";
import { combineTiers, type PubkeyTier } from "@/lib/relay/policy/tiers";
import { verifyNostrEvents } from "@/lib/relay/verify-event";
import { recordReport } from "./record-report";
import { identify, type SubjectRef } from "./subject";

export const NIP56_KIND = 1984;

/** NIP-56 report types, as the current Bluesky reasons (so one inbox filters both networks alike). */
const NIP56_REASONS: Record<string, string> = {
  nudity: "tools.ozone.report.defs#reasonSexualUnlabeled",
  malware: "tools.ozone.report.defs#reasonRuleSiteSecurity",
  profanity: "tools.ozone.report.defs#reasonHarassmentOther",
  illegal: "tools.ozone.report.defs#reasonRuleOther",
  spam: "tools.ozone.report.defs#reasonMisleadingSpam",
  impersonation: "tools.ozone.report.defs#reasonMisleadingImpersonation",
  other: "tools.ozone.report.defs#reasonOther",
};

/**
 * How much a report counts by its author's tier (NIP-56: reports are easy to game).
 * Blocked authors' reports are dropped; unknown authors' only when configured.
 */
const WEIGHTS: Record<PubkeyTier, number | null> = { trusted: 3, member: 1, unknown: 0.25, blocked: null };

const HEX64 = /^[0-9a-f]{64}$/;

export type NostrReportTargets = { pubkey: string; eventId: string | null; reasonType: string };

/** The p pubkey (required), the e event (when present) and the report type (3rd element of the p or e tag). */
export function readNip56(event: Pick<NostrEvent, "kind" | "tags">): NostrReportTargets | null {
  if (event.kind !== NIP56_KIND) return null;
  const p = event.tags.find((tag) => tag[0] === "p" && HEX64.test(tag[1] ?? ""));
  if (!p) return null;
  const e = event.tags.find((tag) => tag[0] === "e" && HEX64.test(tag[1] ?? ""));
  const type = (e?.[2] ?? p[2] ?? "other").toLowerCase();
  return { pubkey: p[1]!, eventId: e?.[1] ?? null, reasonType: NIP56_REASONS[type] ?? NIP56_REASONS.other! };
}

export type NostrReportInput = { event: NostrEvent; authed?: string };
export type NostrReportResult = { id: string; recorded: number; ignored?: string };

/**
 * Kind-1984 events the relay let through (the write policy forwards them): each
 * becomes a report on its p pubkey and, when it names one, its e event, weighted by
 * the reporter's tier (the NIP-42 authenticated pubkey counts, as in the policy).
 * Signatures are checked again here; an event already recorded is not counted twice.
 */
export async function recordNostrReports(inputs: NostrReportInput[]): Promise<NostrReportResult[]> {
  const problems = await verifyNostrEvents(inputs.map((input) => input.event));
  const pubkeys = [...new Set(inputs.flatMap(({ event, authed }) => [event.pubkey, ...(authed ? [authed] : [])]))];
  const rows = await db().relayPubkey.findMany({ where: { pubkey: { in: pubkeys } }, select: { pubkey: true, trust: true } });
  const tiers = new Map<string, PubkeyTier>(rows.map((row) => [row.pubkey, row.trust]));
  const unknownRecorded = env().NOSTR_REPORTS_FROM_UNKNOWN === "record";

  const results: NostrReportResult[] = [];
  for (const [index, { event, authed }] of inputs.entries()) {
    const ignore = (why: string) => results.push({ id: event.id, recorded: 0, ignored: why });
    const problem = problems[index];
    if (problem) {
      ignore(problem);
      continue;
    }
    const targets = readNip56(event);
    if (!targets) {
      ignore("not a NIP-56 report (kind 1984 with a p tag)");
      continue;
    }
    const own = tiers.get(event.pubkey) ?? "unknown";
    const tier = authed ? combineTiers(own, tiers.get(authed) ?? "unknown") : own;
    const weight = WEIGHTS[tier];
    if (weight === null || (tier === "unknown" && !unknownRecorded)) {
      ignore(`reporter tier ${tier}`);
      continue;
    }
    const author = targets.pubkey;
    const subjects: SubjectRef[] = [{ nostrPubkey: author }, ...(targets.eventId ? [{ nostrEvent: targets.eventId }] : [])];
    let recorded = 0;
    for (const subject of subjects) {
      const { duplicate } = await recordReport({
        source: "nostr",
        reporter: event.pubkey,
        reasonType: targets.reasonType,
        reason: event.content.slice(0, 2000) || null,
        subject,
        identity: identify(subject, author),
        weight,
        nostrEventId: event.id,
      });
      if (!duplicate) recorded++;
    }
    results.push({ id: event.id, recorded });
  }
  return results;
}
