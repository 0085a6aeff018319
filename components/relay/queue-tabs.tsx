import Link from "next/link";
import type { RelayEventCounts } from "@/lib/dashboard/count-relay-events";
import { queueHref, queueTabLabels, queueTabs, type QueueTab } from "@/lib/relay/views/queue-query";
import { FilterDisclosure } from "../filter-disclosure";
import { formatCount } from "../format";

/** One link per status with its count; folded behind the current one on phones (FilterDisclosure). */
export function QueueTabs({ current, counts, author }: { current: QueueTab; counts: RelayEventCounts; author?: string }) {
  return (
    <FilterDisclosure label="Status" summary={`${queueTabLabels[current]} (${formatCount(counts[current])})`}>
      <nav aria-label="Queue by status">
        <ul className="flex flex-wrap gap-1.5 sm:gap-2">
          {queueTabs.map((status) => {
            const active = status === current;
            const waiting = (status === "pending" || status === "ai_flagged") && counts[status] > 0;
            return (
              <li key={status}>
                <Link
                  href={queueHref({ status, author })}
                  aria-current={active ? "page" : undefined}
                  data-testid={`queue-tab-${status}`}
                  className={`inline-flex min-h-11 items-center gap-1.5 rounded-full border px-3 text-sm font-medium sm:gap-2 sm:px-4 ${
                    active ? "border-accent bg-accent-soft text-foreground" : "border-line bg-surface text-muted hover:text-foreground"
                  }`}
                >
                  {queueTabLabels[status]}
                  <span
                    data-testid={`queue-count-${status}`}
                    data-value={counts[status]}
                    className={`rounded-full px-2 text-xs font-semibold tabular-nums ${waiting ? "bg-warning-soft text-warning" : "bg-surface-raised"}`}
                  >
                    {formatCount(counts[status])}
                  </span>
                </Link>
              </li>
            );
          })}
        </ul>
      </nav>
    </FilterDisclosure>
  );
}
