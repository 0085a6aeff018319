import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { wakeDeliveryOutbox } from "./outbox/delivery-worker";
import { announcePolicyChange, recordPolicyChanges } from "./policy-changes";
import { recordAudit } from "@/lib/audit/record-audit";

export type TriageAction = { id: string; reason: string };

/** Runs with the ids the statement changed, inside its transaction (e.g. the triage's records). */
type Within = (tx: Prisma.TransactionClient, changed: string[]) => Promise<void>;

/**
 * The AI triage's approvals for one model call, in one transaction: events still
 * `pending` become `auto_approved` with delivery queued (the outbox), exactly like a
 * moderator's approval; others (decided meanwhile) are left alone. Returns the ids
 * approved.
 */
export async function approveAutomatically(actions: TriageAction[], actor: string, within: Within): Promise<string[]> {
  if (actions.length === 0) return [];
  const now = new Date();
  const approved = await db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      UPDATE relay_events e SET status = 'auto_approved', decided_by = ${actor}, decided_at = ${now}, reason = t.reason,
        delivery = 'queued', delivery_attempts = 0, delivery_error = NULL, next_delivery_at = ${now}
      FROM unnest(${actions.map((a) => a.id)}::text[], ${actions.map((a) => a.reason)}::text[]) AS t(id, reason)
      WHERE e.id = t.id AND e.status = 'pending'
      RETURNING e.id`;
    const ids = rows.map((row) => row.id);
    await audit(tx, actor, "relay.event.approve", actions, ids);
    await within(tx, ids);
    if (ids.length) await recordPolicyChanges(tx, ids.map((eventId) => ({ eventId, approved: true })));
    return ids;
  });
  if (approved.length) {
    announcePolicyChange();
    wakeDeliveryOutbox();
  }
  return approved;
}

/** Marks still-pending events `ai_flagged` with the model's reason, for a moderator; returns those ids. */
export async function flagForModerators(actions: TriageAction[], actor: string, within: Within): Promise<string[]> {
  if (actions.length === 0) return [];
  return db().$transaction(async (tx) => {
    const rows = await tx.$queryRaw<{ id: string }[]>`
      UPDATE relay_events e SET status = 'ai_flagged', reason = t.reason
      FROM unnest(${actions.map((a) => a.id)}::text[], ${actions.map((a) => a.reason)}::text[]) AS t(id, reason)
      WHERE e.id = t.id AND e.status = 'pending'
      RETURNING e.id`;
    const ids = rows.map((row) => row.id);
    await audit(tx, actor, "relay.event.ai_flag", actions, ids);
    await within(tx, ids);
    return ids;
  });
}

async function audit(
  tx: Prisma.TransactionClient,
  actor: string,
  action: "relay.event.approve" | "relay.event.ai_flag",
  actions: TriageAction[],
  ids: string[],
): Promise<void> {
  const reasons = new Map(actions.map((a) => [a.id, a.reason]));
  await recordAudit(ids.map((id) => ({ actor, action, subject: `event:${id}`, detail: { reason: reasons.get(id)! } })), tx);
}
