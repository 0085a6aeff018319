import { db } from "@/lib/db";
import { subjectSummary, type SubjectSummary } from "./list-subjects";

export type SubjectHistoryEntry = { id: string; kind: string; actor: string; detail: unknown; at: string };

/** How much history a subject page shows, newest first. */
const HISTORY_LIMIT = 200;

/** One subject as its page shows it: the inbox row and its latest history; null when there is none. */
export async function readSubject(id: number): Promise<{ summary: SubjectSummary; history: SubjectHistoryEntry[] } | null> {
  const row = await db().reportSubject.findUnique({ where: { id }, include: { events: { orderBy: { id: "desc" }, take: HISTORY_LIMIT } } });
  if (!row) return null;
  const { events, ...subject } = row;
  return {
    summary: subjectSummary(subject),
    history: events.map((event) => ({ id: event.id.toString(), kind: event.kind, actor: event.actor, detail: event.detail, at: event.at.toISOString() })),
  };
}
