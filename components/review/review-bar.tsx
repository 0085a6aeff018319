type Props = { reviewed: number; total: number; pending: number; busy: boolean; ready: boolean; onUndo: () => void; onSubmit: () => void };

/** The sticky bar at the thumb: progress, undo of the last choice, and submit. */
export function ReviewBar({ reviewed, total, pending, busy, ready, onUndo, onSubmit }: Props) {
  // Undo and submit both need a choice not yet sent, and no request in flight.
  const idle = pending > 0 && !busy;
  return (
    <div className="fixed inset-x-0 bottom-0 z-10 border-t border-line bg-surface/95 px-4 pt-3 pb-[max(0.75rem,env(safe-area-inset-bottom))] backdrop-blur">
      <div className="mx-auto max-w-2xl">
        <div className="mb-2 flex items-center gap-3 text-sm">
          <span className="shrink-0 font-medium tabular-nums" data-testid="review-progress">
            {reviewed} of {total} reviewed
          </span>
          <span aria-hidden="true" className="h-2 flex-1 overflow-hidden rounded-full bg-surface-raised">
            <span className="block h-full rounded-full bg-accent" style={{ width: `${total ? (100 * reviewed) / total : 0}%` }} />
          </span>
        </div>
        <div className="flex gap-2">
          <button
            type="button"
            onClick={onUndo}
            disabled={!idle}
            className="h-12 rounded-lg border border-line px-4 font-semibold disabled:opacity-50"
            data-testid="review-undo"
          >
            Undo
          </button>
          <button
            type="button"
            onClick={onSubmit}
            disabled={!idle}
            className="h-12 flex-1 rounded-lg bg-accent px-4 font-semibold text-accent-foreground disabled:opacity-50"
            data-testid="review-submit"
          >
            {!ready ? "Loading…" : busy ? "Submitting…" : `Submit ${pending} decision${pending === 1 ? "" : "s"}`}
          </button>
        </div>
      </div>
    </div>
  );
}
