// The relay queue page's client state: each action's transition, on plain values.
import { describe, expect, it } from "vitest";
import { currentIndex, initialQueueState, queueReducer, type QueueState } from "@/components/relay/queue-state";
import { testDatabaseKind } from "../support/database";

const state = (change: Partial<QueueState> = {}): QueueState => ({ ...initialQueueState, ...change });

// No database involved: once is enough.
describe.skipIf(testDatabaseKind() !== "embedded")("queue state", () => {
  it("moves within the list, never past either end, and remembers the keyboard was used", () => {
    expect(queueReducer(state(), { type: "move", step: 1, count: 3 })).toMatchObject({ index: 1, keyboard: true });
    expect(queueReducer(state({ index: 2 }), { type: "move", step: 1, count: 3 }).index).toBe(2);
    expect(queueReducer(state(), { type: "move", step: -1, count: 3 }).index).toBe(0);
    // After a refresh removed items, the wanted index points past the end: a move starts from the last item.
    expect(queueReducer(state({ index: 5 }), { type: "move", step: -1, count: 3 }).index).toBe(1);
    expect(currentIndex(state({ index: 5 }), 3)).toBe(2);
  });

  it("sets the current item without marking keyboard use, and marks it on its own", () => {
    expect(queueReducer(state(), { type: "setCurrent", index: 4 })).toMatchObject({ index: 4, keyboard: false });
    expect(queueReducer(state(), { type: "usedKeyboard" }).keyboard).toBe(true);
  });

  it("toggles one item in the selection and replaces the whole selection", () => {
    const one = queueReducer(state(), { type: "toggleSelected", id: "a" });
    expect([...one.selected]).toEqual(["a"]);
    expect([...queueReducer(one, { type: "toggleSelected", id: "a" }).selected]).toEqual([]);
    expect([...queueReducer(one, { type: "setSelected", ids: ["b", "c"] }).selected]).toEqual(["b", "c"]);
  });

  it("opens and closes the reason panel and the shortcuts help", () => {
    const open = queueReducer(state(), { type: "openPanel", panel: { id: "a", kind: "ban" } });
    expect(open.panel).toEqual({ id: "a", kind: "ban" });
    expect(queueReducer(open, { type: "closePanel" }).panel).toBeNull();
    expect(queueReducer(state(), { type: "setHelpOpen", open: true }).helpOpen).toBe(true);
    expect(queueReducer(state({ helpOpen: true }), { type: "setHelpOpen", open: false }).helpOpen).toBe(false);
  });

  it("marks items busy when a request leaves; a retry clears their earlier errors, others keep them", () => {
    const failedBefore = state({ errors: new Map([["a", "refused"], ["b", "refused"]]) });
    const retried = queueReducer(failedBefore, { type: "started", ids: ["a"], retry: true });
    expect([...retried.busy]).toEqual(["a"]);
    expect([...retried.errors.keys()]).toEqual(["b"]);
    expect([...queueReducer(failedBefore, { type: "started", ids: ["a"] }).errors.keys()]).toEqual(["a", "b"]);
    expect([...queueReducer(state({ busy: new Set(["a", "b"]) }), { type: "ended", ids: ["a"] }).busy]).toEqual(["b"]);
  });

  it("records a failure on its item and frees it", () => {
    const next = queueReducer(state({ busy: new Set(["a"]) }), { type: "failed", id: "a", message: "Already decided" });
    expect(next.busy.size).toBe(0);
    expect(next.errors.get("a")).toBe("Already decided");
  });

  it("records a decision, frees the item and closes its panel", () => {
    const next = queueReducer(state({ busy: new Set(["a"]), panel: { id: "a", kind: "reject" } }), { type: "decided", id: "a", label: "Rejected" });
    expect(next).toMatchObject({ panel: null });
    expect(next.busy.size).toBe(0);
    expect(next.done.get("a")).toBe("Rejected");
  });

  it("frees a banned author's item and closes the panel, recording no decision on it", () => {
    const next = queueReducer(state({ busy: new Set(["a"]), panel: { id: "a", kind: "ban" } }), { type: "banned", id: "a" });
    expect(next.panel).toBeNull();
    expect(next.busy.size).toBe(0);
    expect(next.done.size).toBe(0);
  });

  it("forgets what was done to overturned items", () => {
    const next = queueReducer(state({ busy: new Set(["a", "b"]), done: new Map([["a", "Rejected"], ["b", "Rejected"], ["c", "Approved"]]) }), { type: "overturned", ids: ["a", "b"] });
    expect(next.busy.size).toBe(0);
    expect([...next.done]).toEqual([["c", "Approved"]]);
  });

  it("records a bulk answer: the decided ones done, the refused ones with their errors and still selected", () => {
    const before = state({ busy: new Set(["a", "b", "c"]), selected: new Set(["a", "b", "c"]) });
    const next = queueReducer(before, { type: "bulkDecided", ids: ["a", "b", "c"], label: "Approved", succeeded: ["a", "c"], failed: [["b", "Already decided"]] });
    expect(next.busy.size).toBe(0);
    expect([...next.done]).toEqual([["a", "Approved"], ["c", "Approved"]]);
    expect([...next.errors]).toEqual([["b", "Already decided"]]);
    expect([...next.selected]).toEqual(["b"]);
  });

  it("never changes the state it was given", () => {
    const before = state({ selected: new Set(["a"]), busy: new Set(["a"]) });
    queueReducer(before, { type: "toggleSelected", id: "a" });
    queueReducer(before, { type: "decided", id: "a", label: "Approved" });
    expect([...before.selected]).toEqual(["a"]);
    expect([...before.busy]).toEqual(["a"]);
    expect(before.done.size).toBe(0);
  });
});
