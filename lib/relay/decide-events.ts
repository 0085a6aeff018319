import { AppError } from "@/lib/errors";
import { logger } from "@/lib/log";
import { decideEvent, type QueueDecision } from "./decide-event";

export const MAX_BULK_DECISIONS = 500;

export type BulkResult = { id: string; status: string } | { id: string; error: { code: string; message: string } };

/** Decides each id on its own (one transaction each): one conflict never undoes the others. */
export async function decideEvents(ids: string[], decision: QueueDecision, actor: string, reason?: string): Promise<BulkResult[]> {
  const results: BulkResult[] = [];
  for (const id of new Set(ids)) {
    try {
      const item = await decideEvent(id, decision, actor, reason);
      results.push({ id, status: item.status });
    } catch (error) {
      if (error instanceof AppError) {
        results.push({ id, error: { code: error.code, message: error.message } });
        continue;
      }
      logger.error({ err: error, eventId: id }, "bulk decision failed");
      results.push({ id, error: { code: "internal", message: "Internal error" } });
    }
  }
  return results;
}
