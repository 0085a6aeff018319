import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { z } from "zod";
import { FlagSummary } from "@/components/flags/flag-summary";
import { ReopenFlagForm } from "@/components/flags/reopen-flag-form";
import { ResolveButton } from "@/components/flags/resolve-dialog";
import { JsonDetail } from "@/components/json-detail";
import { PageHeader } from "@/components/page-header";
import { Timestamp } from "@/components/timestamp";
import { AiDecisionLine } from "@/components/triage/ai-decision-line";
import { can } from "@/lib/auth/permissions";
import { requirePagePrincipal } from "@/lib/auth/session";
import { pagePath, type SearchParams } from "@/lib/dashboard/page-path";
import { isAppError } from "@/lib/errors";
import { getFlagDetailOrThrow, type FlagDetail } from "@/lib/flags/get-flag-detail";
import { latestDecisions } from "@/lib/triage/views/latest-decisions";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Flag" };

const section = "mt-8 mb-2 text-lg font-semibold";

/** One flag: its label and context, every emission on the subject, its audit trail and its batches. */
export default async function FlagDetailPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const params = await searchParams;
  const principal = await requirePagePrincipal(pagePath("/flags/detail", params));
  const uri = z.string().min(1).max(8192).safeParse(params.uri);
  if (!uri.success) notFound();
  const [detail, ai] = await Promise.all([getFlagDetailOrThrow(uri.data).catch(notFoundOr), latestDecisions("flags", [uri.data])]);
  const flag = detail.flags[0]!;
  const decision = ai.get(uri.data);
  const title = flag.context?.trackTitle ?? "Unknown track";

  return (
    <>
      <Link href="/flags" className="mb-2 inline-flex min-h-11 items-center text-sm font-medium text-accent">
        ← Flags
      </Link>
      <PageHeader title={title} description={<span className="font-mono text-sm [overflow-wrap:anywhere]">{flag.uri}</span>}>
        {can(principal.role, "flags:review") && flag.status === "pending" ? <ResolveButton uri={flag.uri} title={title} /> : null}
        {can(principal.role, "flags:review") && flag.status === "resolved" ? <ReopenFlagForm uri={flag.uri} title={title} /> : null}
      </PageHeader>
      <div className="space-y-3">
        {detail.flags.map((head) => (
          <FlagSummary key={head.cid} flag={head} />
        ))}
      </div>
      {decision ? (
        // Still offered once undone here, so the answer stays on screen after the refresh.
        <AiDecisionLine decision={decision} canUndo={can(principal.role, "flags:review") && (flag.status === "resolved" || decision.undoneAt !== null)} />
      ) : null}

      <h2 className={section}>Labels on this subject</h2>
      <ol className="divide-y divide-line rounded-xl border border-line bg-surface text-sm" data-testid="flag-history">
        {detail.history.emissions.map((label) => (
          <li key={label.seq} className="flex flex-wrap gap-x-3 px-4 py-2">
            <span className="font-mono">#{label.seq}</span>
            <span className={label.neg ? "font-semibold text-accent" : "font-semibold text-warning"}>{label.neg ? `negated ${label.val}` : label.val}</span>
            <Timestamp date={label.cts} style="iso" />
          </li>
        ))}
      </ol>

      <h2 className={section}>Audit history</h2>
      <ol className="divide-y divide-line rounded-xl border border-line bg-surface text-sm" data-testid="flag-audit">
        {detail.audit.map((entry) => (
          <li key={entry.id} className="grid gap-1 px-4 py-2 sm:grid-cols-[11rem_10rem_1fr]">
            <Timestamp date={entry.at} style="iso" />
            <span className="[overflow-wrap:anywhere]">
              <span className="font-mono text-xs">{entry.action}</span> by {entry.actor}
            </span>
            <JsonDetail value={entry.detail} />
          </li>
        ))}
      </ol>

      <BatchesSection batches={detail.batches} />
    </>
  );
}

function BatchesSection({ batches }: { batches: FlagDetail["batches"] }) {
  if (batches.length === 0) return null;
  return (
    <>
      <h2 className={section}>Review batches</h2>
      <ul className="divide-y divide-line rounded-xl border border-line bg-surface text-sm">
        {batches.map((item) => (
          <li key={item.batchId} className="flex flex-wrap items-center gap-3 px-4 py-2">
            <Link href={`/review/${item.batchId}`} className="inline-flex min-h-11 items-center font-mono text-accent underline">
              {item.batchId}
            </Link>
            <span>{item.decision ? `${item.decision} by ${item.decidedBy}` : "not decided yet"}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

function notFoundOr(error: unknown): never {
  if (isAppError(error) && error.code === "not_found") notFound();
  throw error;
}
