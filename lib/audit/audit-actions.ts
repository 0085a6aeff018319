import type { LabelDefinition, LabelerDeclaration } from "@/lib/labels/definitions/label-definition-schema";

/**
 * Every action the audit log records, with the shape of its detail. Subjects name what
 * was acted on: `token:<name>`, `batch:<id>`, `event:<id>`, `pubkey:<hex>`,
 * `sensitive_image:<id>`, a DID, or the content's URI for flags and labels.
 */
export type AuditActions = {
  "token.create": { role: string; imported?: true };
  "reports.dismiss": ReportActionDetail;
  "reports.escalate": ReportActionDetail;
  "reports.resolve": ReportActionDetail;
  "reports.reopen": ReportActionDetail;
  "reports.comment": ReportActionDetail;
  "reports.label": ReportActionDetail;
  "reports.claim": ReportActionDetail;
  "reports.release": ReportActionDetail;
  "reports.reject_event": ReportActionDetail;
  "reports.ban_author": ReportActionDetail;
  "reports.undo": ReportActionDetail;
  /** A decision on a subject in a report batch (lib/reports/decide-subjects.ts); the action it applied is audited on its own. */
  "reports.decide": { batch: string; decision: string; subjectId: number };
  /** A report batch decision taken back (lib/reports/undo-subject-decisions.ts). */
  "reports.undecide": { batch: string; decision: string; subjectId: number; reason: string; restored?: string };
  /** Reporters told the outcome by Bluesky DM (counts; the subject's history names them). */
  "reports.tell_reporters": { subjectId: number; outcome: string; sent: number; failed: number; skipped: number };
  "reports.mute_reporter": { reporter: string; until: string | null; note?: string };
  "reports.unmute_reporter": { reporter: string; until: string | null; note?: string };
  "token.revoke": undefined;
  "label.emit": LabelDetail;
  "label.negate": LabelDetail;
  "labeler.rotate_key": { from: string; to: string; source: string; resigned: number };
  "labeler.account": { pdsUrl: string };
  /** Setup asked the account's PDS to email a PLC-operation token. */
  "labeler.plc_token": { pdsUrl: string };
  /** Setup submitted a PLC operation: the changed entries, as the operator reviewed them. */
  "labeler.plc_update": { diff: string[] };
  "labeler.publish": { changed: boolean };
  "labeler.declaration": LabelerDeclaration;
  "label_definition.create": Omit<LabelDefinition, "identifier">;
  "label_definition.update": Omit<LabelDefinition, "identifier">;
  "label_definition.delete": undefined;
  "flag.resolve": { val: string; reason: string; notes?: string; batches: string[] };
  /** A resolution taken back (lib/flags/reopen-flag.ts): why, and the resolution it undid. */
  "flag.reopen": { val: string; reason: string; resolved_by?: string; resolution_reason?: string | null; resolved_at?: string | null; batches?: string[] };
  "flag.decide": { batch: string; decision: string };
  /** A batch decision taken back (lib/flags/undo-decisions.ts); a clear's is flag.reopen. */
  "flag.undecide": { batch: string; decision: string; reason: string };
  "flag.context": { fields: string[] };
  "batch.create": { flag_count: number; created_by: string; skipped?: number } | { kind: "reports"; subject_count: number; act: string; created_by: string; skipped?: number };
  "batch.complete": undefined;
  "batch.reopen": undefined;
  "sensitive_image.add": { image_id?: string | null; url?: string | null; reason?: string | null };
  "sensitive_image.remove": undefined;
  "relay.pubkey.tier": { tier: string; from: string; note?: string; reason?: string };
  "relay.author.ban": { rejected: number; from?: string; reason?: string };
  "relay.author.unban": { to: string; note?: string; reason?: string };
  "relay.event.approve": { reason?: string; overturned?: { rejected_by: string | null; rejection_reason: string | null } } | undefined;
  "relay.event.reject": { reason: string } | undefined;
  "relay.event.ai_flag": { reason: string };
  "relay.event.supersede": { by: string; reason: string };
  "relay.event.author_delete": { by: string; reason: string };
  "triage.undo": TriageUndoDetail;
};

/** An inbox action on one report subject (lib/reports/act-on-subjects.ts). */
type ReportActionDetail = { subjectId: number; action: string; note?: string; val?: string; neg?: boolean; from?: string; to?: string; tookOverFrom?: string | null; until?: string; eventId?: string; pubkey?: string; previousTier?: string; rejected?: number; undoes?: string; of?: string };

/** A label's audit detail; its seq is drawn under the write lock, in SQL (lib/labels/store-labels.ts). */
export type LabelDetail = { seq: number; val: string; cid?: string; reason?: string };

type TriageUndoDetail = {
  decision: string;
  run: string;
  outcome: string;
  verdict: unknown;
  delivery?: "cancelled" | "delivered" | "none";
  note?: string;
  /** reports: the report subject reopened. */
  subjectId?: number;
};

export type AuditAction = keyof AuditActions;

/** One entry: the action decides the detail's shape (none for actions without one). */
export type AuditEntry = {
  [A in AuditAction]: { actor: string; action: A; subject?: string } & (undefined extends AuditActions[A]
    ? { detail?: AuditActions[A] }
    : { detail: AuditActions[A] });
}[AuditAction];
