import type { SubjectContent } from "@/lib/reports/subject-content";

const box = "block rounded-lg border border-line bg-background px-3 py-2 text-sm";

/** The reported content as fetched for display, or a clear note of why it is not shown. */
export function SubjectContentView({ content }: { content: SubjectContent | undefined }) {
  if (!content) return null;
  if (content.type === "unavailable") {
    return <span className={`${box} text-muted`} data-testid="subject-content" data-content="unavailable">Content not shown: {content.why}.</span>;
  }
  if (content.type === "profile") {
    return (
      <span className={box} data-testid="subject-content" data-content="profile">
        <span className="block font-semibold">{content.displayName ?? content.handle} <span className="font-normal text-muted">@{content.handle}</span></span>
        {content.description ? <span className="mt-1 block whitespace-pre-wrap [overflow-wrap:anywhere]">{content.description}</span> : null}
      </span>
    );
  }
  const heading = content.type === "post" ? `${content.displayName ?? content.handle} @${content.handle}` : `kind ${content.eventKind} · in the relay queue: ${content.queueStatus.replace("_", " ")}`;
  return (
    <span className={box} data-testid="subject-content" data-content={content.type}>
      <span className="block text-xs text-muted">{heading}</span>
      <span className="mt-1 block max-h-40 overflow-y-auto whitespace-pre-wrap [overflow-wrap:anywhere]">{content.text || "(no text)"}</span>
    </span>
  );
}
