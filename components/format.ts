/*
 * Formatting for server components. Everything is formatted on the server in UTC
 * with a fixed locale, so the HTML never depends on the viewer's clock or locale
 * (and never mismatches on hydration).
 */

const numberFormat = new Intl.NumberFormat("en-US");
const dateTimeFormat = new Intl.DateTimeFormat("en-GB", {
  timeZone: "UTC",
  year: "numeric",
  month: "short",
  day: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

export function formatCount(value: number): string {
  return numberFormat.format(value);
}

/** "22 Nov 2026, 14:05 UTC" */
export function formatDateTime(date: Date): string {
  return `${dateTimeFormat.format(date)} UTC`;
}

/** "2026-11-22T14:05:09Z": ISO 8601 to the second. */
export function formatIsoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
