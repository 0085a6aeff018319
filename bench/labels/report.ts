import { versus } from "../support/verdict.ts";

export type Row = {
  figure: string;
  warden: number;
  /** The same figure for the other sides that have it (raw ceiling, skyware…). */
  peers?: Record<string, number>;
  better: "higher" | "lower";
  kind?: "speed" | "memory" | "latency";
  target?: string;
  met?: boolean;
};

const format = (value: number) => (value >= 100 ? Math.round(value).toLocaleString("en") : value.toFixed(1));

/** Each figure beside the peers' in `peers` order, with the ratio read the right way round. */
export function printReport(rows: Row[], peers: string[], notes: string[]): void {
  const lines = rows.map((row) => [
    row.figure,
    format(row.warden),
    ...peers.flatMap((peer) => {
      const theirs = row.peers?.[peer];
      return theirs === undefined ? ["—", ""] : [format(theirs), versus(row.warden, theirs, row.better, row.kind)];
    }),
    row.target ? `${row.target} ${row.met ? "✓" : "✗"}` : "",
  ]);
  const header = ["figure", "Warden", ...peers.flatMap((peer) => [peer, `Warden vs ${peer}`]), "target"];
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i]!.length)));
  const render = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  process.stdout.write(`\n${render(header)}\n${widths.map((w) => "─".repeat(w)).join("  ")}\n${lines.map(render).join("\n")}\n\n${notes.join("\n")}\n`);
}
