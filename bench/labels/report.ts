export type Row = {
  figure: string;
  warden: number;
  /** Absent for figures only Warden has. */
  skyware?: number;
  better: "higher" | "lower";
  target?: string;
  met?: boolean;
};

const format = (value: number) => (value >= 100 ? Math.round(value).toLocaleString("en") : value.toFixed(1));

/** Each figure beside skyware's; the ratio is "times better" in the figure's own direction. */
export function printReport(rows: Row[], notes: string[]): void {
  const lines = rows.map((row) => {
    const theirs = row.skyware ?? NaN;
    const ratio = row.better === "higher" ? row.warden / theirs : theirs / row.warden;
    return [
      row.figure,
      format(row.warden),
      row.skyware === undefined ? "—" : format(row.skyware),
      Number.isFinite(ratio) ? `${ratio.toFixed(1)}x ${row.better === "higher" ? "more" : "less"}` : "n/a",
      row.target ? `${row.target} ${row.met ? "✓" : "✗"}` : "",
    ];
  });
  const header = ["figure", "Warden", "skyware", "Warden vs skyware", "target"];
  const widths = header.map((title, i) => Math.max(title.length, ...lines.map((line) => line[i]!.length)));
  const render = (cells: string[]) => cells.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join("  ");
  process.stdout.write(`\n${render(header)}\n${widths.map((w) => "─".repeat(w)).join("  ")}\n${lines.map(render).join("\n")}\n\n${notes.join("\n")}\n`);
}
