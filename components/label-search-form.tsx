import Link from "next/link";

const field =
  "block h-11 w-full rounded-lg border border-line bg-background px-3 text-base outline-none focus-visible:border-accent focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-ring";

export type LabelSearchValues = { subject: string; val: string; src: string };

/** A plain GET form: searching works without JavaScript and the URL is shareable. */
export function LabelSearchForm({ subject, val, src }: LabelSearchValues) {
  const filtered = subject !== "" || val !== "" || src !== "";
  return (
    <form method="get" action="/labels" role="search" aria-label="Search labels" className="mb-4 flex flex-wrap items-end gap-3">
      <div className="min-w-0 flex-[2_1_16rem]">
        <label htmlFor="labels-subject" className="mb-1 block text-sm font-medium">
          Subject
        </label>
        <input
          id="labels-subject"
          name="subject"
          defaultValue={subject}
          placeholder="at://… or did:…, end with * for a prefix"
          autoComplete="off"
          spellCheck={false}
          className={field}
          data-testid="labels-subject"
        />
      </div>
      <div className="min-w-0 flex-[1_1_8rem]">
        <label htmlFor="labels-val" className="mb-1 block text-sm font-medium">
          Value
        </label>
        <input id="labels-val" name="val" defaultValue={val} placeholder="e.g. spam" autoComplete="off" spellCheck={false} className={field} />
      </div>
      <div className="min-w-0 flex-[1_1_10rem]">
        <label htmlFor="labels-src" className="mb-1 block text-sm font-medium">
          Source
        </label>
        <input id="labels-src" name="src" defaultValue={src} placeholder="did:…" autoComplete="off" spellCheck={false} className={field} />
      </div>
      <div className="flex gap-2">
        <button
          type="submit"
          className="inline-flex h-11 items-center rounded-lg bg-accent px-4 font-semibold text-accent-foreground hover:opacity-90"
          data-testid="labels-search"
        >
          Search
        </button>
        {filtered ? (
          <Link href="/labels" className="inline-flex h-11 items-center rounded-lg border border-line px-4 font-medium hover:bg-surface-raised">
            Clear
          </Link>
        ) : null}
      </div>
    </form>
  );
}
