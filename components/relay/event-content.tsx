const PREVIEW_CHARS = 320;
const SHOWN_TAGS = 6;
const TAG_VALUE_CHARS = 48;

/** An event's text as plain text (never HTML), long texts folded. */
export function EventContent({ content }: { content: string }) {
  if (!content.trim()) return <p className="mt-3 text-sm text-muted italic">No text content</p>;
  const rest = content.slice(PREVIEW_CHARS);
  return (
    <div className="mt-3 text-[0.9375rem] leading-relaxed whitespace-pre-wrap [overflow-wrap:anywhere]" data-testid="item-content">
      {content.slice(0, PREVIEW_CHARS)}
      {rest ? (
        <details className="mt-1">
          <summary className="inline-flex min-h-11 cursor-pointer items-center text-sm font-medium text-accent">
            Show the remaining {rest.length} characters
          </summary>
          {rest}
        </details>
      ) : null}
    </div>
  );
}

/** The first few tags, each shortened: enough to spot mentions, hashtags and links. */
export function EventTags({ tags }: { tags: string[][] }) {
  if (tags.length === 0) return null;
  const shown = tags.slice(0, SHOWN_TAGS);
  return (
    <ul aria-label="Tags" className="mt-2 flex flex-wrap gap-1.5 text-xs" data-testid="item-tags">
      {shown.map((tag, index) => {
        // Ids and pubkeys are unreadable in full: show their ends, like the author's key.
        const value = tag
          .slice(1)
          .map((part) => (/^[0-9a-f]{64}$/.test(part) ? `${part.slice(0, 8)}…${part.slice(-4)}` : part))
          .join(" ");
        return (
          <li key={index} className="max-w-full rounded border border-line bg-surface-raised px-1.5 py-0.5 font-mono [overflow-wrap:anywhere]">
            <span className="font-semibold">{tag[0]}</span> {value.length > TAG_VALUE_CHARS ? `${value.slice(0, TAG_VALUE_CHARS)}…` : value}
          </li>
        );
      })}
      {tags.length > SHOWN_TAGS ? <li className="px-1.5 py-0.5 text-muted">+{tags.length - SHOWN_TAGS} more</li> : null}
    </ul>
  );
}
