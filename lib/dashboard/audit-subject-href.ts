import { eventHref } from "@/lib/relay/views/event-href";

const flagDetail = (uri: string) => `/flags/detail?${new URLSearchParams({ uri })}`;

/** The report subject an entry's detail names (report actions, a triage undo on reports). */
function reportSubjectId(detail: unknown): number | null {
  const id = detail && typeof detail === "object" && "subjectId" in detail ? detail.subjectId : null;
  return typeof id === "number" && Number.isSafeInteger(id) && id > 0 ? id : null;
}

/**
 * Where an audit entry's subject can be looked at: the report subject's page for report
 * actions, a flag's detail page for flag actions, the label history for label actions,
 * the relay event, the batch, the author's queue. Null for subjects without a page
 * (tokens, definitions, a muted reporter).
 */
export function auditSubjectHref(action: string, subject: string | null, detail?: unknown): string | null {
  if (!subject) return null;
  const report = action.startsWith("reports.") || action === "triage.undo" ? reportSubjectId(detail) : null;
  if (report) return `/reports/${report}`;
  const [kind, rest] = [subject.slice(0, subject.indexOf(":")), subject.slice(subject.indexOf(":") + 1)];
  if (subject.startsWith("at://")) {
    if (action.startsWith("flag.") || action === "triage.undo") return flagDetail(subject);
    if (action.startsWith("label.")) return `/labels?${new URLSearchParams({ subject })}`;
    return null;
  }
  if (kind === "event" && /^[0-9a-f]{64}$/.test(rest)) return eventHref(rest);
  if (kind === "batch" && rest) return `/review/${encodeURIComponent(rest)}`;
  if (kind === "pubkey" && /^[0-9a-f]{64}$/.test(rest)) return `/relay?${new URLSearchParams({ author: rest })}`;
  return null;
}
