import type { ReactNode } from "react";
import type { IdentityPlan } from "@/lib/labels/network/setup-steps";

const pre = "mt-2 max-h-80 overflow-auto rounded-lg border border-line bg-surface-raised p-3 font-mono text-xs whitespace-pre-wrap [overflow-wrap:anywhere]";

/** One numbered step of the setup: its title, whether it is done, and what it shows. */
export function SetupStep({ n, title, done, children, testId }: { n: number; title: string; done?: boolean; children: ReactNode; testId: string }) {
  return (
    <li className="rounded-lg border border-line p-3 sm:p-4" data-testid={testId} data-done={done ? "true" : "false"}>
      <h3 className="font-semibold">
        <span className="text-muted">Step {n} · </span>
        {title} {done ? <span className="text-sm font-normal text-muted">(done)</span> : null}
      </h3>
      <div className="mt-2 grid gap-3 text-sm">{children}</div>
    </li>
  );
}

/** The DID document as resolved: handles, keys and services, one per line. */
export function DidDocumentView({ identity, testId }: { identity: IdentityPlan; testId: string }) {
  const { document } = identity;
  const lines = [
    `id                 ${identity.did}`,
    `alsoKnownAs        ${document.alsoKnownAs.join(", ") || "(none)"}`,
    ...Object.entries(document.verificationMethods).map(([id, key]) => `#${id.padEnd(17)} ${key}`),
    ...Object.entries(document.services).map(([id, service]) => `#${id.padEnd(17)} ${service.type} ${service.endpoint}`),
  ];
  return (
    <pre className={pre} data-testid={testId}>
      {lines.join("\n")}
    </pre>
  );
}

/** "-" and "+" lines, coloured, for a change the operator confirms. */
export function DiffView({ lines, testId }: { lines: string[]; testId: string }) {
  return (
    <pre className={pre} data-testid={testId}>
      {lines.map((line, index) => (
        <span key={index} className={line.startsWith("+ ") ? "text-accent" : line.startsWith("- ") ? "text-danger" : undefined}>
          {line}
          {"\n"}
        </span>
      ))}
    </pre>
  );
}

/** Exact JSON the operator copies somewhere else. */
export function JsonView({ value, testId }: { value: unknown; testId: string }) {
  return (
    <pre className={pre} data-testid={testId}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}

/** Before and after maps of a PLC operation, folded: the diff above is what changes. */
export function BeforeAfter({ identity }: { identity: IdentityPlan }) {
  const pick = (maps: Pick<IdentityPlan["document"], "verificationMethods" | "services">) => ({ verificationMethods: maps.verificationMethods, services: maps.services });
  return (
    <details>
      <summary className="cursor-pointer py-2 font-medium">The full maps, before and after</summary>
      <p className="mt-1 text-muted">Before</p>
      <JsonView value={pick(identity.document)} testId="setup-plc-before" />
      <p className="mt-2 text-muted">After</p>
      <JsonView value={identity.after} testId="setup-plc-after" />
    </details>
  );
}
