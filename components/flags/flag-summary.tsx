import { Timestamp } from "@/components/timestamp";
import { contentUrl } from "@/lib/flags/content-link";
import { matchEvidence } from "@/lib/flags/evidence";
import type { Flag } from "@/lib/flags/load-flags";
import { FlagStatusBadge } from "./flag-status";
import { percent } from "./format";
import { MatchList } from "./match-list";

/** A flag's label state and what the scanner reported, as a definition list. */
export function FlagSummary({ flag }: { flag: Flag }) {
  const context = flag.context;
  const href = contentUrl(flag.uri, context?.trackId ?? null);
  const row = "grid gap-1 sm:grid-cols-[10rem_1fr]";
  return (
    <dl className="space-y-2 rounded-xl border border-line bg-surface p-4 text-sm">
      <div className={row}>
        <dt className="font-medium text-muted">Status</dt>
        <dd>
          <FlagStatusBadge status={flag.status} />
        </dd>
      </div>
      <div className={row}>
        <dt className="font-medium text-muted">Label</dt>
        <dd className="font-mono [overflow-wrap:anywhere]">
          {flag.val} · seq {flag.seq}
          {flag.cid ? ` · cid ${flag.cid}` : ""}
        </dd>
      </div>
      <div className={row}>
        <dt className="font-medium text-muted">Flagged</dt>
        <dd>
          <Timestamp date={flag.flaggedAt} />
        </dd>
      </div>
      {!context && href ? (
        <div className={row}>
          <dt className="font-medium text-muted">Content</dt>
          <dd className="[overflow-wrap:anywhere]">
            <a href={href} target="_blank" rel="noreferrer" className="text-accent underline" data-testid="flag-content-link">
              {href}
            </a>
          </dd>
        </div>
      ) : null}
      {context ? (
        <>
          <div className={row}>
            <dt className="font-medium text-muted">Track</dt>
            <dd className="[overflow-wrap:anywhere]">
              {href ? (
                <a href={href} target="_blank" rel="noreferrer" className="text-accent underline">
                  {context.trackTitle ?? "Unknown track"}
                </a>
              ) : (
                (context.trackTitle ?? "Unknown track")
              )}
              {context.artistHandle ? <span className="text-muted"> by @{context.artistHandle}</span> : null}
            </dd>
          </div>
          <div className={row}>
            <dt className="font-medium text-muted">Highest score</dt>
            <dd>{context.highestScore != null ? percent(context.highestScore) : "—"}</dd>
          </div>
          {context.matches.length ? (
            <div className={row}>
              <dt className="font-medium text-muted">Matches</dt>
              <dd>
                <MatchList matches={context.matches.map(matchEvidence)} />
              </dd>
            </div>
          ) : null}
          {flag.status === "resolved" && context.resolutionReason ? (
            <div className={row}>
              <dt className="font-medium text-muted">Resolution</dt>
              <dd className="[overflow-wrap:anywhere]" data-testid="flag-resolution">
                {context.resolutionReason}
                {context.resolutionNotes ? ` — ${context.resolutionNotes}` : ""}
                {context.resolvedBy ? ` (by ${context.resolvedBy}${context.resolvedAt ? `, ${context.resolvedAt.toISOString().slice(0, 16).replace("T", " ")} UTC` : ""})` : ""}
              </dd>
            </div>
          ) : null}
        </>
      ) : null}
    </dl>
  );
}
