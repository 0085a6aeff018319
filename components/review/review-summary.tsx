import type { ReviewItem } from "./review-item";
import type { ReviewWords } from "./review-words";

/** Shown once every item is decided: what the batch came to. */
export function ReviewSummary({ items, words, nextBatchUrl }: { items: ReviewItem[]; words: ReviewWords; nextBatchUrl: string | null }) {
  const count = (decision: ReviewItem["decision"]) => items.filter((item) => item.decision === decision).length;
  const rows: [string, number][] = [
    [words.choices.clear.result, count("clear")],
    [words.choices.defer.result, count("defer")],
    [words.choices.confirm.result, count("confirm")],
  ];
  return (
    <section aria-labelledby="summary-title" className="mb-4 rounded-xl border border-accent/40 bg-accent-soft p-4" data-testid="review-summary">
      <h2 id="summary-title" className="text-lg font-semibold">
        Batch complete
      </h2>
      <p className="mt-1 text-sm">All {items.length} {items.length === 1 ? words.one : words.many} in this batch are reviewed.</p>
      <dl className="mt-3 grid grid-cols-[1fr_auto] gap-y-1 text-sm">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt>{label}</dt>
            <dd className="text-right font-semibold tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
      <p className="mt-3 flex flex-wrap gap-2">
        {nextBatchUrl ? (
          <a href={nextBatchUrl} className="inline-flex min-h-11 items-center rounded-lg bg-accent px-4 font-semibold text-accent-foreground" data-testid="summary-next-batch">
            Next open batch
          </a>
        ) : null}
        <a href="/batches" className={`inline-flex min-h-11 items-center rounded-lg px-4 font-semibold ${nextBatchUrl ? "border border-line bg-surface" : "bg-accent text-accent-foreground"}`}>
          All batches
        </a>
        <a href={words.source.href} className="inline-flex min-h-11 items-center rounded-lg border border-line bg-surface px-4 font-medium">
          {words.source.text}
        </a>
      </p>
    </section>
  );
}
