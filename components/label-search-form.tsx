import { SearchActions, SearchField } from "./search-fields";

export type LabelSearchValues = { subject: string; val: string; src: string };

/** A plain GET form: searching works without JavaScript and the URL is shareable. */
export function LabelSearchForm({ subject, val, src }: LabelSearchValues) {
  const filtered = subject !== "" || val !== "" || src !== "";
  return (
    <form method="get" action="/labels" role="search" aria-label="Search labels" className="mb-4 flex flex-wrap items-end gap-3">
      <SearchField
        id="labels-subject"
        name="subject"
        label="Subject"
        defaultValue={subject}
        placeholder="at://… or did:…, end with * for a prefix"
        width="flex-[2_1_16rem]"
        spellCheck={false}
        testId="labels-subject"
      />
      <SearchField id="labels-val" name="val" label="Value" defaultValue={val} placeholder="e.g. spam" width="flex-[1_1_8rem]" spellCheck={false} />
      <SearchField id="labels-src" name="src" label="Source" defaultValue={src} placeholder="did:…" width="flex-[1_1_10rem]" spellCheck={false} />
      <SearchActions submit="Search" clearHref="/labels" filtered={filtered} testId="labels-search" />
    </form>
  );
}
