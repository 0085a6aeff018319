import { db } from "@/lib/db";
import type { Pipeline } from "./verdicts";

/** Verdicts a run must see before its clearing rate is compared with the usual one. */
const MIN_RUN_SAMPLE = 20;
/** Verdicts of history needed before "usual" means anything. */
const MIN_HISTORY = 100;
const HISTORY_DAYS = 30;

/**
 * Stops a run that acts too much: a cap on automatic actions, and a trip when the
 * model clears (FALSE_POSITIVE / approve / dismiss) far more than it usually does — the
 * signature of a prompt injection or a broken model. "Far more" is halfway from the
 * usual rate to 100%: usual 50% trips above 75%, usual 90% above 95%.
 */
export class CircuitBreaker {
  private actions = 0;
  private seen: Record<Pipeline, { cleared: number; total: number }> = {
    flags: { cleared: 0, total: 0 },
    relay: { cleared: 0, total: 0 },
    reports: { cleared: 0, total: 0 },
  };
  tripped: string | null = null;

  constructor(
    private readonly maxActions: number,
    private readonly usualRates: Partial<Record<Pipeline, number>>,
  ) {}

  /** Counts one verdict; trips when the run's clearing rate leaves the usual range. */
  observe(pipeline: Pipeline, cleared: boolean): void {
    const seen = this.seen[pipeline];
    seen.total += 1;
    if (cleared) seen.cleared += 1;
    const usual = this.usualRates[pipeline];
    if (this.tripped || usual === undefined || seen.total < MIN_RUN_SAMPLE) return;
    const ceiling = usual + (1 - usual) / 2;
    const rate = seen.cleared / seen.total;
    if (rate > ceiling) {
      this.tripped = `circuit breaker: ${pipeline} clearing rate ${pct(rate)} against a usual ${pct(usual)} (limit ${pct(ceiling)})`;
    }
  }

  /** Takes one automatic action from the budget; false (and tripped) when there is none left. */
  allowAction(): boolean {
    if (this.tripped) return false;
    if (this.actions >= this.maxActions) {
      this.tripped = `circuit breaker: ${this.maxActions} automatic actions in one run`;
      return false;
    }
    this.actions += 1;
    return true;
  }
}

const pct = (rate: number) => `${Math.round(rate * 100)}%`;

/** Each pipeline's clearing rate over recent real decisions, when there are enough of them. */
export async function usualClearingRates(): Promise<Partial<Record<Pipeline, number>>> {
  const since = new Date(Date.now() - HISTORY_DAYS * 86_400_000);
  const rows = await db().$queryRaw<{ pipeline: Pipeline; cleared: bigint; total: bigint }[]>`
    SELECT pipeline, count(*) FILTER (WHERE verdict IN ('FALSE_POSITIVE', 'approve', 'dismiss')) AS cleared, count(*) AS total
    FROM triage_decisions WHERE NOT dry_run AND verdict IS NOT NULL AND at > ${since}
    GROUP BY pipeline`;
  return Object.fromEntries(
    rows.filter((row) => Number(row.total) >= MIN_HISTORY).map((row) => [row.pipeline, Number(row.cleared) / Number(row.total)]),
  );
}
