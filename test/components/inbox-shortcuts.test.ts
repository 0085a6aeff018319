// What each reports inbox shortcut does, given the page at the moment of the key press
// (the listener is exercised by reports.ui.spec.ts).
import { describe, expect, it } from "vitest";
import { inboxCommand, type InboxContext } from "@/components/reports/inbox-shortcuts";
import { testDatabaseKind } from "../support/database";

const page = (change: Partial<InboxContext> = {}): InboxContext => ({ ids: [11, 12, 13], current: 1, ticked: [], canReview: true, busy: false, ...change });

// No database involved: once is enough.
describe.skipIf(testDatabaseKind() !== "embedded")("inbox shortcuts", () => {
  it("moves within the list, starting at the first row, and leaves the key alone on an empty page", () => {
    expect(inboxCommand("next", page())).toEqual({ type: "move", to: 2 });
    expect(inboxCommand("next", page({ current: 2 }))).toEqual({ type: "move", to: 2 });
    expect(inboxCommand("previous", page({ current: 0 }))).toEqual({ type: "move", to: 0 });
    expect(inboxCommand("next", page({ current: -1 }))).toEqual({ type: "move", to: 0 });
    expect(inboxCommand("previous", page({ current: -1 }))).toEqual({ type: "move", to: 0 });
    expect(inboxCommand("next", page({ ids: [], current: -1 }))).toBeNull();
  });

  it("ticks the current row; escalates or dismisses the ticked subjects, else the current one", () => {
    expect(inboxCommand("select", page())).toEqual({ type: "toggle", index: 1 });
    expect(inboxCommand("select", page({ current: -1 }))).toBeNull();
    expect(inboxCommand("escalate", page())).toEqual({ type: "act", action: "escalate", ids: [12] });
    expect(inboxCommand("dismiss", page({ ticked: [11, 13] }))).toEqual({ type: "act", action: "dismiss", ids: [11, 13] });
    expect(inboxCommand("dismiss", page({ current: -1 }))).toBeNull();
  });

  it("acts on nothing for a role that cannot review or while a request is in flight; help opens anywhere", () => {
    expect(inboxCommand("escalate", page({ canReview: false }))).toBeNull();
    expect(inboxCommand("dismiss", page({ busy: true, ticked: [11] }))).toBeNull();
    expect(inboxCommand("help", page({ ids: [], current: -1, canReview: false }))).toEqual({ type: "help" });
  });
});
