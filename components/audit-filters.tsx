import { FilterDisclosure } from "./filter-disclosure";
import { SearchActions, SearchField } from "./search-fields";

/** A plain GET form (the URL is shareable), folded behind a Filters button on phones. */
export function AuditFilters({ actor, action }: { actor: string; action: string }) {
  const filtered = actor !== "" || action !== "";
  const summary = filtered ? [actor && `actor ${actor}`, action && `action ${action}`].filter(Boolean).join(", ") : "everything";
  return (
    <FilterDisclosure summary={summary}>
      <form method="get" action="/audit" role="search" aria-label="Filter the audit log" className="flex flex-wrap items-end gap-3">
        <SearchField id="audit-actor" name="actor" label="Actor" defaultValue={actor} placeholder="e.g. admin" width="flex-1 basis-40" />
        <SearchField id="audit-action" name="action" label="Action" defaultValue={action} placeholder="e.g. token.create" width="flex-1 basis-40" />
        <SearchActions submit="Filter" clearHref="/audit" filtered={filtered} />
      </form>
    </FilterDisclosure>
  );
}
