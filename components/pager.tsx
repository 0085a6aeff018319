import Link from "next/link";

const pagerLink = "inline-flex min-h-11 items-center rounded-lg border border-line bg-surface px-4 font-medium hover:bg-surface-raised";

export type PagerLink = { href: string; text: string; testId?: string };

type Props = {
  label: string;
  first?: PagerLink | null;
  previous?: PagerLink | null;
  next?: PagerLink | null;
  /** Where the page is ("51–100 of 330"), from lib/dashboard/page-trail.ts. */
  position?: string | null;
};

/**
 * "← First", "← Previous", where the page is, and "Next →" under a keyset-paged list;
 * nothing when there is one page. First goes when Previous already leads to page 1.
 */
export function Pager({ label, first, previous, next, position }: Props) {
  if (!first && !previous && !next) return null;
  const firstLink = previous?.href === first?.href ? null : first;
  return (
    <nav aria-label={label} className="mt-4 flex flex-wrap items-center justify-between gap-3">
      <span className="flex flex-wrap gap-3">
        {firstLink ? (
          <Link href={firstLink.href} className={pagerLink} data-testid={firstLink.testId}>
            {firstLink.text}
          </Link>
        ) : null}
        {previous ? (
          <Link href={previous.href} className={pagerLink} rel="prev" data-testid={previous.testId ?? "pager-previous"}>
            {previous.text}
          </Link>
        ) : null}
      </span>
      {position ? (
        <span className="text-sm text-muted tabular-nums" data-testid="pager-position">
          {position}
        </span>
      ) : null}
      {next ? (
        <Link href={next.href} className={pagerLink} rel="next" data-testid={next.testId}>
          {next.text}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}
