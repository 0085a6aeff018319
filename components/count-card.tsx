import Link from "next/link";
import { Children, type ReactNode } from "react";
import { formatCount } from "./format";

type CountCardProps = {
  /** Used for the test id: `count-<testKey>` on the number. */
  testKey: string;
  label: string;
  value: number;
  description?: ReactNode;
  href?: string;
  tone?: "default" | "attention";
};

/** One real number from the database, optionally linking to where it comes from. */
export function CountCard({ testKey, label, value, description, href, tone = "default" }: CountCardProps) {
  const attention = tone === "attention" && value > 0;
  const body = (
    <>
      <span className="flex items-start justify-between gap-2 text-sm font-medium text-muted">
        {label}
        {href ? (
          <span aria-hidden="true" className="text-muted transition-transform group-hover:translate-x-0.5">
            →
          </span>
        ) : null}
      </span>
      <span
        className={`mt-1 block text-2xl font-semibold sm:mt-2 sm:text-3xl tabular-nums ${attention ? "text-warning" : ""}`}
        data-testid={`count-${testKey}`}
        data-value={value}
      >
        {formatCount(value)}
      </span>
      {description ? <span className="mt-1 hidden text-sm text-muted sm:block">{description}</span> : null}
    </>
  );
  const frame = `block h-full rounded-xl border bg-surface p-3 sm:p-4 ${attention ? "border-warning/50" : "border-line"}`;
  if (!href) return <div className={frame}>{body}</div>;
  return (
    <Link href={href} className={`group ${frame} hover:border-accent`}>
      {body}
    </Link>
  );
}

/** A responsive grid of CountCards: two columns on phones (descriptions hidden), three on desktop. */
export function CountGrid({ label, children }: { label?: string; children: ReactNode }) {
  return (
    <ul aria-label={label} className="grid grid-cols-2 gap-3 lg:grid-cols-3">
      {Children.toArray(children).map((child, index) => (
        <li key={index}>{child}</li>
      ))}
    </ul>
  );
}
