import { db } from "@/lib/db";
import { flagEvidence, type FlagEvidence } from "@/lib/flags/evidence";
import { readMatches } from "@/lib/flags/load-flags";
import { describeKind, eventPreview } from "@/lib/relay/views/event-preview";
import type { DecisionView } from "./decision-view";

/** A held event as a run row shows it: who wrote it, what kind, and the start of what it says. */
export type EventEvidence = { pubkey: string; kind: string; snippet: string };

/** A report subject as a run row shows it: what was reported, where it stands now, and how often. */
export type ReportEvidence = { kind: string; key: string; author: string | null; state: string; reportCount: number; reasonTypes: string[] };

/** A run's item with what a moderator needs to judge the model's answer without opening it. */
export type RunItemView = DecisionView & { flag: FlagEvidence | null; event: EventEvidence | null; report?: ReportEvidence | null };

const SNIPPET = 280;

/** Adds the scanner's evidence to flag items, the event's text to relay items and the subject to report items (three queries per page). */
export async function withEvidence(decisions: DecisionView[]): Promise<RunItemView[]> {
  const items = (pipeline: string) => [...new Set(decisions.filter((d) => d.pipeline === pipeline).map((d) => d.item))];
  const [contexts, events, subjects] = await Promise.all([
    db().subjectContext.findMany({ where: { uri: { in: items("flags") } } }),
    db().relayEvent.findMany({ where: { id: { in: items("relay") } }, select: { id: true, pubkey: true, kind: true, event: true } }),
    db().reportSubject.findMany({
      where: { id: { in: items("reports").map(Number).filter(Number.isSafeInteger) } },
      select: { id: true, kind: true, key: true, author: true, state: true, reportCount: true, reasonTypes: true },
    }),
  ]);
  const subjectOf = new Map(subjects.map(({ id, ...subject }) => [String(id), subject]));
  const contextOf = new Map(contexts.map((row) => [row.uri, { ...row, matches: readMatches(row.matches) }]));
  const eventOf = new Map(events.map((row) => [row.id, row]));
  return decisions.map((decision) => {
    if (decision.pipeline === "reports") return { ...decision, flag: null, event: null, report: subjectOf.get(decision.item) ?? null };
    if (decision.pipeline === "flags") return { ...decision, flag: flagEvidence(decision.item, contextOf.get(decision.item)), event: null };
    const row = eventOf.get(decision.item);
    const content = row ? eventPreview(row.event).content : "";
    const event = row ? { pubkey: row.pubkey, kind: describeKind(row.kind), snippet: content.length > SNIPPET ? `${content.slice(0, SNIPPET)}…` : content } : null;
    return { ...decision, flag: null, event };
  });
}
