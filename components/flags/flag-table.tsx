import Link from "next/link";
import { Timestamp } from "@/components/timestamp";
import type { Flag } from "@/lib/flags/load-flags";
import { batchLabel, type OpenBatch } from "@/lib/flags/open-batches";
import { FlagStatusBadge } from "./flag-status";
import { BATCH_FORM, percent } from "./format";
import { ResolveButton } from "./resolve-dialog";
import { DataTable } from "../data-table";

export const detailHref = (uri: string) => `/flags/detail?${new URLSearchParams({ uri })}`;

type Props = { flags: Flag[]; canReview: boolean; openBatches?: ReadonlyMap<string, OpenBatch> };

/**
 * Flags as a table (cards on phones); a reviewer gets a checkbox and Resolve on pending
 * ones. A flag waiting in an open batch says which, and has no checkbox: it is not
 * batched twice (the server skips it too, should the page be stale).
 */
export function FlagTable({ flags, canReview, openBatches = new Map() }: Props) {
  return (
    <DataTable caption="Flags" columns={[canReview ? { srOnly: "Select" } : null, "Track", "Score", "Status", "Flagged (UTC)", { srOnly: "Actions" }]}>
      {flags.map((flag) => {
        const title = flag.context?.trackTitle ?? "Unknown track";
        const batch = flag.status === "pending" ? openBatches.get(flag.uri) : undefined;
        return (
          <tr key={`${flag.uri} ${flag.cid}`} data-testid="flag-row" data-uri={flag.uri}>
            {canReview ? (
              <td data-label="Select">
                {flag.status === "pending" && !batch ? (
                  <label className="-m-2 inline-flex size-11 cursor-pointer items-center justify-center">
                    <input type="checkbox" name="uri" value={flag.uri} form={BATCH_FORM} className="size-5 accent-accent" data-testid="flag-select" />
                    <span className="sr-only">Select {title}</span>
                  </label>
                ) : null}
              </td>
            ) : null}
            <td data-label="Track" className="min-w-0 lg:max-w-80">
              <Link href={detailHref(flag.uri)} className="font-medium text-accent underline-offset-2 [overflow-wrap:anywhere] hover:underline">
                {title}
              </Link>
              <div className="text-muted [overflow-wrap:anywhere]">
                {flag.context?.artistHandle ? `@${flag.context.artistHandle}` : null}
              </div>
              <div className="font-mono text-xs text-muted [overflow-wrap:anywhere]">{flag.uri}</div>
            </td>
            <td data-label="Score" className="tabular-nums">
              {flag.context?.highestScore != null ? percent(flag.context.highestScore) : "—"}
            </td>
            <td data-label="Status">
              <FlagStatusBadge status={flag.status} />
              {batch ? (
                <a href={`/review/${batch.id}`} className="mt-1 block text-sm text-accent underline-offset-2 [overflow-wrap:anywhere] hover:underline" data-testid="flag-in-batch">
                  in batch {batchLabel(batch)}
                </a>
              ) : null}
            </td>
            <td data-label="Flagged" className="whitespace-nowrap">
              <Timestamp date={flag.flaggedAt} style="iso" />
            </td>
            <td data-label="Actions">
              {canReview && flag.status === "pending" ? <ResolveButton uri={flag.uri} title={title} /> : null}
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}
