import Link from "next/link";

// The pieces of the plain GET search forms (audit log, labels): a labelled text field and
// the submit / Clear pair.

const field =
  "block h-11 w-full rounded-lg border border-line bg-background px-3 text-base outline-none focus-visible:border-accent focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-ring";

type SearchFieldProps = {
  id: string;
  name: string;
  label: string;
  defaultValue: string;
  placeholder: string;
  /** The wrapper's flex sizing, which decides how the fields share a row. */
  width: string;
  spellCheck?: boolean;
  testId?: string;
};

export function SearchField({ id, name, label, defaultValue, placeholder, width, spellCheck, testId }: SearchFieldProps) {
  return (
    <div className={`min-w-0 ${width}`}>
      <label htmlFor={id} className="mb-1 block text-sm font-medium">
        {label}
      </label>
      <input
        id={id}
        name={name}
        defaultValue={defaultValue}
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={spellCheck}
        className={field}
        data-testid={testId}
      />
    </div>
  );
}

/** Submit, and Clear (back to `clearHref`) once something is filtered. */
export function SearchActions({ submit, clearHref, filtered, testId }: { submit: string; clearHref: string; filtered: boolean; testId?: string }) {
  return (
    <div className="flex gap-2">
      <button
        type="submit"
        className="inline-flex h-11 items-center rounded-lg bg-accent px-4 font-semibold text-accent-foreground hover:opacity-90"
        data-testid={testId}
      >
        {submit}
      </button>
      {filtered ? (
        <Link href={clearHref} className="inline-flex h-11 items-center rounded-lg border border-line px-4 font-medium hover:bg-surface-raised">
          Clear
        </Link>
      ) : null}
    </div>
  );
}
