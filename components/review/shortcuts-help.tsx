import type { ReviewWords } from "./review-words";

const shortcutsOf = (words: ReviewWords): [string, string][] => [
  ["j / ↓", `Next ${words.one}`],
  ["k / ↑", `Previous ${words.one}`],
  ["c", words.choices.clear.key],
  ["d", words.choices.defer.key],
  ["x", words.choices.confirm.key],
  ["u", "Undo the last choice"],
  ["s", "Submit"],
  ["?", "Show or hide this list"],
  ["Esc", "Hide this list"],
];

/** The keyboard shortcuts, listed on demand (`?`). */
export function ShortcutsHelp({ words, onClose }: { words: ReviewWords; onClose: () => void }) {
  const shortcuts = shortcutsOf(words);
  return (
    <section aria-labelledby="shortcuts-title" className="mb-4 rounded-xl border border-line bg-surface p-4" data-testid="shortcuts-help">
      <div className="flex items-center justify-between">
        <h2 id="shortcuts-title" className="font-semibold">
          Keyboard shortcuts
        </h2>
        <button type="button" onClick={onClose} className="min-h-11 rounded-lg px-3 text-sm font-medium hover:bg-surface-raised">
          Close
        </button>
      </div>
      <dl className="mt-2 grid grid-cols-[6rem_1fr] gap-y-1 text-sm">
        {shortcuts.map(([keys, action]) => (
          <div key={keys} className="contents">
            <dt>
              <kbd className="rounded border border-line bg-surface-raised px-1.5 font-mono">{keys}</kbd>
            </dt>
            <dd>{action}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}
