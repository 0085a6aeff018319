import type { Role } from "@/lib/auth/permissions";
import { RoleBadge } from "./role-badge";
import { RevokeTokenButton } from "./token-manager";
import { Timestamp } from "./timestamp";
import { DataTable } from "./data-table";

export type TokenRow = {
  id: number;
  name: string;
  role: Role;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

/** Stored moderator tokens (never their hashes); on phones each row is a card. */
export function TokenTable({ tokens, currentTokenId }: { tokens: TokenRow[]; currentTokenId: number | null }) {
  return (
    <DataTable caption="Moderator tokens" columns={["Name", "Role", "Created", "Last used", "Revoked"]}>
      {tokens.map((token) => (
        <tr key={token.id} data-testid="token-row" className={token.revokedAt ? "text-muted" : undefined}>
          <td data-label="Name" className="font-medium [overflow-wrap:anywhere]">
            {token.name}
            {token.id === currentTokenId ? <span className="ml-2 text-xs font-normal text-muted">(this session)</span> : null}
          </td>
          <td data-label="Role">
            <RoleBadge role={token.role} />
          </td>
          <td data-label="Created">
            <Timestamp date={token.createdAt} />
          </td>
          <td data-label="Last used">{token.lastUsedAt ? <Timestamp date={token.lastUsedAt} /> : "Never"}</td>
          <td data-label="Revoked">
            {token.revokedAt ? <Timestamp date={token.revokedAt} /> : <RevokeTokenButton name={token.name} />}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
