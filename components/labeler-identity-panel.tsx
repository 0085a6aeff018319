import type { LabelerInfo } from "@/lib/labels/labeler-info";
import { CopyButton } from "./copy-button";
import { Notice } from "./notice";

/** What subscribers and verifiers need: the DID, the signing key and the stream, each copyable. */
export function LabelerIdentityPanel({ info }: { info: LabelerInfo }) {
  const rows = [
    { key: "did", label: "Labeler DID", value: info.did },
    { key: "key", label: "Signing key (did:key)", value: info.didKey },
    { key: "stream", label: "Label stream", value: info.streamUrl },
  ];
  return (
    <section aria-labelledby="labeler-title" className="mb-6 rounded-xl border border-line bg-surface p-4 sm:p-5">
      <h2 id="labeler-title" className="text-lg font-semibold">
        This labeler
      </h2>
      <dl className="mt-3 space-y-3 text-sm">
        {rows.map((row) => (
          <div key={row.key} className="grid gap-1 sm:grid-cols-[11rem_1fr] sm:gap-4">
            <dt className="font-medium text-muted">{row.label}</dt>
            <dd className="flex min-w-0 items-start gap-2">
              {row.value ? (
                <>
                  <code className="min-w-0 flex-1 py-2 font-mono text-xs [overflow-wrap:anywhere]" data-testid={`labeler-${row.key}`}>
                    {row.value}
                  </code>
                  <CopyButton value={row.value} label={row.label} />
                </>
              ) : (
                <span className="py-2 text-muted">Unknown until PUBLIC_URL is set</span>
              )}
            </dd>
          </div>
        ))}
      </dl>
      {info.newestLabelVerifies === false && !info.restartNeeded ? (
        <div className="mt-3">
          <Notice tone="error">
            The newest stored label does not verify with this key. Was LABELER_SIGNING_KEY changed without{" "}
            <code>npm run labeler -- rotate-key</code>?
          </Notice>
        </div>
      ) : null}
      {info.restartNeeded ? (
        <div className="mt-3">
          <Notice tone="error">
            LABELER_SIGNING_KEY still holds a retired key. Set it to the key above and restart: until then no label can be emitted.
          </Notice>
        </div>
      ) : null}
    </section>
  );
}
