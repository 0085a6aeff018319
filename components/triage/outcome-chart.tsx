import { outcomes, type Outcome } from "@/lib/triage/verdicts";
import type { DayOutcomes } from "@/lib/triage/views/outcomes-per-day";
import { formatCount } from "../format";
import { outcomeBars, outcomeLabels } from "./outcome-style";

/**
 * Stacked bars of outcomes per day, drawn with CSS. The bars are decoration for
 * sighted readers; the summary and the table below carry the same numbers. Each
 * outcome has its own pattern as well as its colour, shown in the legend.
 */
export function OutcomeChart({ days }: { days: DayOutcomes[] }) {
  const shown = outcomes.filter((outcome) => days.some((day) => day.counts[outcome] > 0));
  const max = Math.max(1, ...days.map((day) => day.total));
  const total = days.reduce((sum, day) => sum + day.total, 0);
  const summary = shown.map((o) => `${formatCount(sum(days, o))} ${outcomeLabels[o].toLowerCase()}`).join(", ");

  return (
    <figure className="rounded-xl border border-line bg-surface p-4" data-testid="outcome-chart">
      <figcaption className="text-sm font-medium text-muted">
        Outcomes per day, last {days.length} days (UTC; dry runs not counted)
      </figcaption>
      {total === 0 ? (
        <p className="mt-3 text-sm">No item was triaged for real in these days.</p>
      ) : (
        <>
          <p className="sr-only">{`${formatCount(total)} items: ${summary}.`}</p>
          <div aria-hidden="true" className="mt-4 flex h-40 items-end gap-1 border-b border-line">
            {days.map((day) => (
              <div key={day.day} title={`${day.day}: ${formatCount(day.total)} items`} className="flex h-full min-w-0 flex-1 flex-col justify-end">
                <div className="flex flex-col-reverse overflow-hidden rounded-t" style={{ height: `${(100 * day.total) / max}%` }}>
                  {shown.map((o) =>
                    day.counts[o] ? <div key={o} className={outcomeBars[o]} style={{ height: `${(100 * day.counts[o]) / day.total}%` }} /> : null,
                  )}
                </div>
              </div>
            ))}
          </div>
          <div aria-hidden="true" className="mt-1 flex gap-1 text-xs text-muted tabular-nums">
            {days.map((day) => (
              <span key={day.day} className="min-w-0 flex-1 text-center">
                {Number(day.day.slice(8))}
              </span>
            ))}
          </div>
          <ul aria-hidden="true" className="mt-3 flex flex-wrap gap-x-4 gap-y-1 text-sm">
            {shown.map((o) => (
              <li key={o} className="flex items-center gap-1.5">
                <span className={`inline-block size-4 rounded-sm border border-line ${outcomeBars[o]}`} />
                {outcomeLabels[o]}
              </li>
            ))}
          </ul>
          <ChartTable days={days} shown={shown} />
        </>
      )}
    </figure>
  );
}

function ChartTable({ days, shown }: { days: DayOutcomes[]; shown: Outcome[] }) {
  return (
    <details className="mt-2">
      <summary className="inline-flex min-h-11 cursor-pointer items-center text-sm font-medium text-accent">Show as a table</summary>
      <table className="data-table">
        <caption className="sr-only">Outcomes per day</caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            {shown.map((o) => (
              <th key={o} scope="col">
                {outcomeLabels[o]}
              </th>
            ))}
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          {days.map((day) => (
            <tr key={day.day}>
              <td data-label="Day" className="font-mono whitespace-nowrap">
                {day.day}
              </td>
              {shown.map((o) => (
                <td key={o} data-label={outcomeLabels[o]} className="tabular-nums">
                  {formatCount(day.counts[o])}
                </td>
              ))}
              <td data-label="Total" className="tabular-nums">
                {formatCount(day.total)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

const sum = (days: DayOutcomes[], outcome: Outcome) => days.reduce((n, day) => n + day.counts[outcome], 0);
