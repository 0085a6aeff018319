import { formatDateTime, formatIsoSeconds } from "./format";

/** A <time> element formatted on the server: readable ("22 Nov 2026, 14:05 UTC") or ISO. */
export function Timestamp({ date, style = "readable" }: { date: Date; style?: "readable" | "iso" }) {
  const iso = date.toISOString();
  return (
    <time dateTime={iso} title={iso} className="tabular-nums">
      {style === "iso" ? formatIsoSeconds(date) : formatDateTime(date)}
    </time>
  );
}
