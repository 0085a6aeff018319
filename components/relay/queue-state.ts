/**
 * The queue page's client state as a pure reducer: which item is current, what is
 * selected, which panel is open, and the requests in flight with their outcomes. The
 * requests themselves run in the controller, which reports each outcome here.
 */
/** What the page needs to know of each item, in display order (the items themselves are server-rendered). */
export type QueueEntry = { id: string; pubkey: string; undecided: boolean; authorBlocked: boolean };
export type PanelKind = "reject" | "ban";
export type Panel = { id: string; kind: PanelKind };

export type QueueState = {
  /** The wanted position; after a refresh removes items it may point past the end (see currentIndex). */
  index: number;
  /** Set once a shortcut is used: the list then keeps focus on the current item. */
  keyboard: boolean;
  selected: ReadonlySet<string>;
  panel: Panel | null;
  helpOpen: boolean;
  busy: ReadonlySet<string>;
  /** What was done to an item ("Approved", "Rejected") until the refresh removes it. */
  done: ReadonlyMap<string, string>;
  errors: ReadonlyMap<string, string>;
};

export type QueueAction =
  | { type: "move"; step: number; count: number }
  | { type: "setCurrent"; index: number }
  | { type: "usedKeyboard" }
  | { type: "toggleSelected"; id: string }
  | { type: "setSelected"; ids: string[] }
  | { type: "openPanel"; panel: Panel }
  | { type: "closePanel" }
  | { type: "setHelpOpen"; open: boolean }
  /** A request for these items left; `retry` clears an earlier error on them. */
  | { type: "started"; ids: string[]; retry?: boolean }
  /** A request answered with nothing to record (a bulk request refused as a whole). */
  | { type: "ended"; ids: string[] }
  | { type: "failed"; id: string; message: string }
  | { type: "decided"; id: string; label: string }
  | { type: "banned"; id: string }
  /** Undo of a reject: the items are waiting again whatever the answer, and the refresh shows where they are. */
  | { type: "overturned"; ids: string[] }
  | { type: "bulkDecided"; ids: string[]; label: string; succeeded: string[]; failed: [id: string, message: string][] };

export const initialQueueState: QueueState = {
  index: 0,
  keyboard: false,
  selected: new Set(),
  panel: null,
  helpOpen: false,
  busy: new Set(),
  done: new Map(),
  errors: new Map(),
};

/** The current position among `count` items: after a refresh the decided item is gone and the same index is the next one. */
export const currentIndex = (state: QueueState, count: number) => Math.min(state.index, count - 1);

/** Where a move by `step` lands among `count` items: never past either end. */
export const movedIndex = (state: QueueState, step: number, count: number) => Math.max(0, Math.min(count - 1, currentIndex(state, count) + step));

const without = <T>(set: ReadonlySet<T>, items: T[]) => new Set([...set].filter((item) => !items.includes(item)));
const withoutKeys = <V>(map: ReadonlyMap<string, V>, ids: string[]) => new Map([...map].filter(([id]) => !ids.includes(id)));

export function queueReducer(state: QueueState, action: QueueAction): QueueState {
  switch (action.type) {
    case "move":
      return { ...state, index: movedIndex(state, action.step, action.count), keyboard: true };
    case "setCurrent":
      return { ...state, index: action.index };
    case "usedKeyboard":
      return state.keyboard ? state : { ...state, keyboard: true };
    case "toggleSelected":
      return { ...state, selected: state.selected.has(action.id) ? without(state.selected, [action.id]) : new Set([...state.selected, action.id]) };
    case "setSelected":
      return { ...state, selected: new Set(action.ids) };
    case "openPanel":
      return { ...state, panel: action.panel };
    case "closePanel":
      return { ...state, panel: null };
    case "setHelpOpen":
      return { ...state, helpOpen: action.open };
    case "started":
      return { ...state, busy: new Set([...state.busy, ...action.ids]), errors: action.retry ? withoutKeys(state.errors, action.ids) : state.errors };
    case "ended":
      return { ...state, busy: without(state.busy, action.ids) };
    case "failed":
      return { ...state, busy: without(state.busy, [action.id]), errors: new Map([...state.errors, [action.id, action.message]]) };
    case "decided":
      return { ...state, busy: without(state.busy, [action.id]), done: new Map([...state.done, [action.id, action.label]]), panel: null };
    case "banned":
      return { ...state, busy: without(state.busy, [action.id]), panel: null };
    case "overturned":
      return { ...state, busy: without(state.busy, action.ids), done: withoutKeys(state.done, action.ids) };
    case "bulkDecided":
      return {
        ...state,
        busy: without(state.busy, action.ids),
        done: new Map([...state.done, ...action.succeeded.map((id) => [id, action.label] as const)]),
        errors: new Map([...state.errors, ...action.failed]),
        selected: new Set(action.failed.map(([id]) => id)),
      };
  }
}
