import { z } from "zod";
import type { SearchParams } from "./page-path";

/**
 * Where a keyset-paged list is, for "51–100 of 330" and Previous: `page` (1-based) and
 * `back`, the cursors of pages 2 … page-1 joined by "~" (cursors are base64url or
 * digits, never "~"). Previous pops the last cursor; Next pushes the current one. The
 * trail is only a convenience: a link without it (an old bookmark, a trail too long)
 * still shows its page, only without a position or a Previous. No query runs backwards.
 */
export type PageTrail = { page: number; back: string[] };

/** About 40 pages of flag cursors by score; past that the position is not shown. */
const MAX_TRAIL = 16_000;

const trailSchema = z.object({
  page: z.coerce.number().int().min(2).max(1_000_000),
  back: z.string().max(MAX_TRAIL).optional(),
});

/** The trail of this request: page 1 without a cursor, null when it cannot be trusted. */
export function readTrail(params: SearchParams, cursor: string | undefined): PageTrail | null {
  if (!cursor) return { page: 1, back: [] };
  const parsed = trailSchema.safeParse({ page: params.page, back: params.back || undefined });
  if (!parsed.success) return null;
  const back = parsed.data.back ? parsed.data.back.split("~") : [];
  return back.length === parsed.data.page - 2 && back.every(Boolean) ? { page: parsed.data.page, back } : null;
}

/**
 * The search parameters of a page: its cursor and, when known, its trail. Every key is
 * present (undefined when absent), so spreading it over a view's query replaces them all.
 */
export type PageParams = { cursor: string | undefined; page?: string | undefined; back?: string | undefined };

const params = (cursor?: string, page?: number, back: string[] = []): PageParams => ({
  cursor,
  page: cursor && page ? String(page) : undefined,
  back: cursor && back.length ? back.join("~") : undefined,
});

/** Next page's parameters, carrying the trail on when it is known. */
export function nextPage(trail: PageTrail | null, cursor: string | undefined, next: string): PageParams {
  if (!trail) return params(next);
  const back = cursor ? [...trail.back, cursor] : [];
  return params(next, trail.page + 1, back.join("~").length <= MAX_TRAIL ? back : []);
}

/** Previous page's parameters (page 1 has none), or null on page 1 or without a trail. */
export function previousPage(trail: PageTrail | null): PageParams | null {
  if (!trail || trail.page < 2) return null;
  if (trail.page === 2) return params();
  return params(trail.back.at(-1)!, trail.page - 1, trail.back.slice(0, -1));
}

/** "51–100 of 330" (total when known), or null without a trail or rows. */
export function positionText(trail: PageTrail | null, pageSize: number, rows: number, total?: number): string | null {
  if (!trail || rows === 0) return null;
  const from = (trail.page - 1) * pageSize + 1;
  const range = `${from.toLocaleString("en")}–${(from + rows - 1).toLocaleString("en")}`;
  return total === undefined ? range : `${range} of ${total.toLocaleString("en")}`;
}
