const INLINE_LIMIT = 160;

/** Compact JSON; long values show a preview that expands in place. */
export function JsonDetail({ value }: { value: unknown }) {
  if (value === null || value === undefined) return <span className="text-muted">—</span>;
  const json = JSON.stringify(value);
  const code = "font-mono text-xs [overflow-wrap:anywhere]";
  if (json.length <= INLINE_LIMIT) return <code className={code}>{json}</code>;
  return (
    <details>
      <summary className="cursor-pointer">
        <code className={code}>{json.slice(0, INLINE_LIMIT)}…</code>
      </summary>
      <pre className={`mt-2 whitespace-pre-wrap ${code}`}>{JSON.stringify(value, null, 2)}</pre>
    </details>
  );
}
