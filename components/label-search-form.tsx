import { FilterDisclosure } from "./filter-disclosure";
import { SearchActions, SearchField } from "./search-fields";

export type LabelSearchValues = { subject: string; val: string; src: string };

/** Long subjects and DIDs shortened, so the folded button stays a line or two. */
const short = (text: string) => (text.length > 40 ? `${text.slice(0, 39)}…` : text);

/**
 * A plain GET form: searching works without JavaScript and the URL is shareable. On a
 * phone it folds behind one button saying what is searched, as the other lists' filters do.
 */
export function LabelSearchForm({ subject, val, src }: LabelSearchValues) {
  const filtered = subject !== "" || val !== "" || src !== "";
  const summary = filtered
    ? [subject && `subject ${short(subject)}`, val && `value ${short(val)}`, src && `source ${short(src)}`].filter(Boolean).join(", ")
    : "every label";
  return (
    <FilterDisclosure label="Search" summary={summary}>
      <form method="get" action="/labels" role="search" aria-label="Search labels" className="flex flex-wrap items-end gap-3">
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
    </FilterDisclosure>
  );
}
