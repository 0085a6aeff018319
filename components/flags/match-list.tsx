import type { MatchEvidence } from "@/lib/flags/evidence";
import { percent } from "./format";

/**
 * The scanner's top matches: each recording linked where the scanner named one,
 * with its score and the matched segment. No hooks: the review board (client)
 * and the server pages render the same list.
 */
export function MatchList({ matches, className = "" }: { matches: MatchEvidence[]; className?: string }) {
  if (!matches.length) return null;
  return (
    <ul aria-label="Top matches" className={`space-y-1.5 text-sm ${className}`} data-testid="match-list">
      {matches.map((match, i) => (
        <li key={i} className="[overflow-wrap:anywhere]" data-testid="match">
          {match.href ? (
            <a href={match.href} target="_blank" rel="noreferrer" className="font-medium text-accent underline underline-offset-2" data-testid="match-link">
              {match.title}
            </a>
          ) : (
            match.title
          )}{" "}
          <span className="text-muted">by {match.artist}</span> <span className="font-medium tabular-nums">{percent(match.score)}</span>
          {match.segment ? (
            <span className="block text-xs text-muted" data-testid="match-segment">
              {match.segment}
            </span>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
