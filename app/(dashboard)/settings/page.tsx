import type { Metadata } from "next";
import { EmptyState } from "@/components/empty-state";
import { LabelerSettings } from "@/components/labeler/labeler-settings";
import { PageHeader } from "@/components/page-header";
import { RoleBadge } from "@/components/role-badge";
import { TokenTable } from "@/components/token-table";
import { CreateTokenForm } from "@/components/token-manager";
import { can } from "@/lib/auth/permissions";
import { requirePagePrincipal } from "@/lib/auth/session";
import { listTokens } from "@/lib/auth/tokens";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Settings" };

const roleSummary = {
  admin: "Everything, including managing tokens.",
  moderator: "Review flags, batches, reports and the relay queue, emit labels, read the audit log.",
  triage: "Read the dashboard and run AI triage; cannot label, decide or ban.",
  reporter: "File reports (POST /api/reports) from a scanner or another tool; nothing else.",
} as const;

export default async function SettingsPage() {
  const principal = await requirePagePrincipal("/settings");
  const tokens = can(principal.role, "tokens:manage") ? await listTokens() : null;

  return (
    <>
      <PageHeader title="Settings" />

      <section aria-labelledby="session-title" className="rounded-xl border border-line bg-surface p-4 sm:p-5">
        <h2 id="session-title" className="text-lg font-semibold">
          Your session
        </h2>
        <dl className="mt-3 grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[8rem_1fr]">
          <dt className="font-medium text-muted">Name</dt>
          <dd className="[overflow-wrap:anywhere]" data-testid="settings-name">
            {principal.name}
          </dd>
          <dt className="font-medium text-muted">Role</dt>
          <dd>
            <RoleBadge role={principal.role} /> <span className="ml-1 text-muted">{roleSummary[principal.role]}</span>
          </dd>
          <dt className="font-medium text-muted">Signed in with</dt>
          <dd>{principal.tokenId === null ? "ADMIN_TOKEN from the server's environment" : "A stored moderator token"}</dd>
        </dl>
      </section>

      {can(principal.role, "labeler:manage") ? <LabelerSettings /> : null}

      {tokens ? (
        <section aria-labelledby="tokens-title" className="mt-8">
          <h2 id="tokens-title" className="mb-1 text-lg font-semibold">
            Moderator tokens
          </h2>
          <p className="mb-3 max-w-prose text-sm text-muted">
            Only a hash of each token is stored; a token is shown once, when it is created. Create one here, or on the
            server (with the embedded database, stop the service first: it holds the database open):
          </p>
          <pre className="mb-4 rounded-lg border border-line bg-surface-raised p-3 font-mono text-sm whitespace-pre-wrap">
            <code>
              npm run token -- create --name NAME --role ROLE{"\n"}npm run token -- revoke --name NAME
            </code>
          </pre>
          <CreateTokenForm />
          {tokens.length === 0 ? (
            <EmptyState title="No stored tokens" testId="tokens-empty">
              <p>Only ADMIN_TOKEN can sign in. Create a token for each moderator above.</p>
            </EmptyState>
          ) : (
            <TokenTable tokens={tokens} currentTokenId={principal.tokenId} />
          )}
        </section>
      ) : null}
    </>
  );
}
