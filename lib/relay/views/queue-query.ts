import { z } from "zod";
import type { RelayEventStatus } from "@/lib/db/generated/enums";

/** The dashboard's tabs, in order; the first two still wait for a moderator. */
export const queueTabs = ["pending", "ai_flagged", "approved", "auto_approved", "rejected"] as const satisfies readonly RelayEventStatus[];
export type QueueTab = (typeof queueTabs)[number];

export const queueTabLabels: Record<QueueTab, string> = {
  pending: "Pending",
  ai_flagged: "AI-flagged",
  approved: "Approved",
  auto_approved: "Auto-approved",
  rejected: "Rejected",
};

/** A keyset cursor: the last row's receivedAt (ms) and id. */
export type QueueCursor = { receivedAt: Date; id: string };
const CURSOR = /^(\d{1,15})\.([0-9a-f]{64})$/;

export function encodeCursor(cursor: QueueCursor): string {
  return `${cursor.receivedAt.getTime()}.${cursor.id}`;
}

const blankToUndefined = (value: unknown) => (value === "" ? undefined : value);

export const queuePageQuerySchema = z.object({
  status: z.preprocess(blankToUndefined, z.enum(queueTabs, { error: "status must be one of the tabs" }).default("pending")),
  cursor: z.preprocess(
    blankToUndefined,
    z
      .string({ error: "cursor must be given once" })
      .regex(CURSOR, "cursor is not a queue position")
      .transform((value): QueueCursor => {
        const [, ms, id] = CURSOR.exec(value)!;
        return { receivedAt: new Date(Number(ms)), id: id! };
      })
      .optional(),
  ),
  /** Only this author's events (hex pubkey). */
  author: z.preprocess(
    blankToUndefined,
    z
      .string({ error: "author must be given once" })
      .regex(/^[0-9a-fA-F]{64}$/, "author must be a 64-character hex pubkey")
      .transform((value) => value.toLowerCase())
      .optional(),
  ),
});
export type QueueQuery = z.infer<typeof queuePageQuerySchema>;

/** The dashboard URL of a queue view; the default tab and empty values are left out. */
export function queueHref(view: { status?: QueueTab; author?: string; cursor?: string; page?: string; back?: string }): string {
  const search = new URLSearchParams();
  if (view.status && view.status !== "pending") search.set("status", view.status);
  if (view.author) search.set("author", view.author);
  if (view.cursor) search.set("cursor", view.cursor);
  // Where the page is (lib/dashboard/page-trail.ts).
  if (view.cursor && view.page) search.set("page", view.page);
  if (view.cursor && view.back) search.set("back", view.back);
  const text = search.toString();
  return text ? `/relay?${text}` : "/relay";
}
