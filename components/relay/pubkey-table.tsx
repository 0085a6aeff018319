import { npubOf, shortNpub } from "@/lib/relay/views/pubkey-text";
import type { PubkeyRow } from "@/lib/relay/views/query-pubkeys";
import { Timestamp } from "../timestamp";
import { CopyButton } from "../copy-button";
import { RowTierForm } from "./set-tier-form";
import { TierBadge } from "./tier-badge";
import { UnbanButton } from "./unban-button";
import { DataTable } from "../data-table";

/** Pubkeys with their tier and who set it; on phones each row is a card (see .data-table). */
export function PubkeyTable({ rows, editable }: { rows: PubkeyRow[]; editable: boolean }) {
  return (
    <DataTable caption="Pubkeys, most recently changed first" columns={["Pubkey", "Tier", "Note", "Changed", editable ? "Change tier" : null]}>
      {rows.map((row) => {
        const npub = npubOf(row.pubkey);
        return (
          <tr key={row.pubkey} data-testid="pubkey-row" data-pubkey={row.pubkey}>
            <td data-label="Pubkey" className="min-w-0">
              <span className="inline-flex flex-wrap items-center gap-2 md:flex-nowrap">
                <span className="font-mono [overflow-wrap:anywhere] md:whitespace-nowrap" title={row.pubkey}>
                  {shortNpub(npub)}
                </span>
                <CopyButton value={npub} label={`the npub of ${shortNpub(npub)}`} />
              </span>
            </td>
            <td data-label="Tier">
              <TierBadge tier={row.tier} />
            </td>
            <td data-label="Note" className="[overflow-wrap:anywhere]">
              {row.note ?? <span className="text-muted">—</span>}
            </td>
            <td data-label="Changed" className="[overflow-wrap:anywhere]">
              <Timestamp date={row.updatedAt} /> <span className="text-muted">by {row.updatedBy}</span>
            </td>
            {editable ? (
              <td data-label="Change">
                {/* A ban's way back after its Undo is gone: the tier it replaced. */}
                <div className="flex flex-col items-start gap-2">
                  {row.unbanTo ? <UnbanButton pubkey={row.pubkey} to={row.unbanTo} /> : null}
                  <RowTierForm pubkey={row.pubkey} tier={row.tier} note={row.note} />
                </div>
              </td>
            ) : null}
          </tr>
        );
      })}
    </DataTable>
  );
}
