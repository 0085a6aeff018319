import Link from "next/link";
import { FilterDisclosure } from "./filter-disclosure";

const field =
  "block h-11 w-full rounded-lg border border-line bg-background px-3 text-base outline-none focus-visible:border-accent focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-ring";

/** A plain GET form (the URL is shareable), folded behind a Filters button on phones. */
export function AuditFilters({ actor, action }: { actor: string; action: string }) {
  const filtered = actor !== "" || action !== "";
  const summary = filtered ? [actor && `actor ${actor}`, action && `action ${action}`].filter(Boolean).join(", ") : "everything";
  return (
    <FilterDisclosure summary={summary}>
      <form method="get" action="/audit" role="search" aria-label="Filter the audit log" className="flex flex-wrap items-end gap-3">
        <div className="min-w-0 flex-1 basis-40">
          <label htmlFor="audit-actor" className="mb-1 block text-sm font-medium">
            Actor
          </label>
          <input id="audit-actor" name="actor" defaultValue={actor} placeholder="e.g. admin" autoComplete="off" className={field} />
        </div>
        <div className="min-w-0 flex-1 basis-40">
          <label htmlFor="audit-action" className="mb-1 block text-sm font-medium">
            Action
          </label>
          <input id="audit-action" name="action" defaultValue={action} placeholder="e.g. token.create" autoComplete="off" className={field} />
        </div>
        <div className="flex gap-2">
          <button type="submit" className="inline-flex h-11 items-center rounded-lg bg-accent px-4 font-semibold text-accent-foreground hover:opacity-90">
            Filter
          </button>
          {filtered ? (
            <Link href="/audit" className="inline-flex h-11 items-center rounded-lg border border-line px-4 font-medium hover:bg-surface-raised">
              Clear
            </Link>
          ) : null}
        </div>
      </form>
    </FilterDisclosure>
  );
}
