import Link from "next/link";
import type { CurrentLabel } from "@/lib/labels/search-labels";
import { LabelStatusBadge } from "./label-status-badge";
import { NegateLabelForm } from "./negate-label-form";
import { Timestamp } from "./timestamp";
import { DataTable } from "./data-table";

const link = "rounded text-accent underline-offset-2 hover:underline";

/**
 * The current labels; on phones each row is a card. Only this labeler's own labels
 * in force (`src` is `ownSrc`) can be withdrawn, by a viewer who may write labels.
 */
export function LabelTable({ labels, ownSrc, canNegate }: { labels: CurrentLabel[]; ownSrc: string; canNegate: boolean }) {
  return (
    <DataTable caption="Current labels, newest first" columns={["Seq", "Subject", "Value", "Status", "Created (UTC)", "Action"]}>
      {labels.map((label) => (
        <tr key={label.seq} data-testid="label-row" data-uri={label.uri} data-val={label.val}>
          <td data-label="Seq" className="tabular-nums">
            {label.seq}
          </td>
          <td data-label="Subject" className="lg:min-w-48">
            {/* One child per cell: on phones the cell is a two-column grid (see .data-table). */}
            <div className="min-w-0 [overflow-wrap:anywhere]">
              <Link href={`/labels?${new URLSearchParams({ history: label.uri })}#history`} className={link} title="Every label on this subject">
                {label.uri}
              </Link>
              {label.cid ? <span className="block font-mono text-xs text-muted">cid {label.cid}</span> : null}
              {label.src !== ownSrc ? <span className="block text-xs text-muted">from {label.src}</span> : null}
            </div>
          </td>
          <td data-label="Value">
            <code className="font-mono text-xs [overflow-wrap:anywhere]">{label.val}</code>
          </td>
          <td data-label="Status">
            <div>
              <LabelStatusBadge status={label.status} />
              {label.exp && label.status === "active" ? (
                <span className="block text-xs text-muted">
                  until <Timestamp date={label.exp} />
                </span>
              ) : null}
            </div>
          </td>
          <td data-label="Created" className="whitespace-nowrap">
            <Timestamp date={label.cts} style="iso" />
          </td>
          <td data-label="Action">
            {canNegate && label.src === ownSrc && label.status === "active" ? (
              <NegateLabelForm uri={label.uri} val={label.val} cid={label.cid} />
            ) : (
              <span className="text-muted">—</span>
            )}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
