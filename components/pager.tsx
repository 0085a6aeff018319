import Link from "next/link";

const pagerLink = "inline-flex min-h-11 items-center rounded-lg border border-line bg-surface px-4 font-medium hover:bg-surface-raised";

export type PagerLink = { href: string; text: string; testId?: string };

/** "← First / Newest" and "Next / Older →" under a keyset-paged list; nothing when there is one page. */
export function Pager({ label, first, next }: { label: string; first?: PagerLink | null; next?: PagerLink | null }) {
  if (!first && !next) return null;
  return (
    <nav aria-label={label} className="mt-4 flex flex-wrap justify-between gap-3">
      {first ? (
        <Link href={first.href} className={pagerLink} data-testid={first.testId}>
          {first.text}
        </Link>
      ) : (
        <span />
      )}
      {next ? (
        <Link href={next.href} className={pagerLink} rel="next" data-testid={next.testId}>
          {next.text}
        </Link>
      ) : null}
    </nav>
  );
}
