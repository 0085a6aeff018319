// What each relay queue shortcut does, given the page at the moment of the key press
// (the key-to-shortcut table is shortcuts.ts; the listener is exercised by relay-ui.ui.spec.ts).
import { describe, expect, it } from "vitest";
import { shortcutCommand, type ShortcutContext } from "@/components/relay/use-queue-keys";
import { testDatabaseKind } from "../support/database";

const item = { id: "e1", pubkey: "p1", undecided: true, authorBlocked: false };
const page = (change: Partial<ShortcutContext> = {}): ShortcutContext => ({ count: 2, current: item, settled: false, canDecide: true, canBan: true, ...change });

// No database involved: once is enough.
describe.skipIf(testDatabaseKind() !== "embedded")("queue shortcuts", () => {
  it("opens the help anywhere, even on an empty page", () => {
    expect(shortcutCommand("help", page({ count: 0, current: null }))).toEqual({ type: "setHelpOpen", open: true });
  });

  it("moves by one, and leaves the key alone on an empty page", () => {
    expect(shortcutCommand("next", page())).toEqual({ type: "move", step: 1, count: 2 });
    expect(shortcutCommand("previous", page())).toEqual({ type: "move", step: -1, count: 2 });
    expect(shortcutCommand("next", page({ count: 0, current: null }))).toBeNull();
  });

  it("approves at once, asks for a reject reason, and toggles the selection of the current item", () => {
    expect(shortcutCommand("approve", page())).toEqual({ type: "approve", id: "e1" });
    expect(shortcutCommand("reject", page())).toEqual({ type: "openPanel", panel: { id: "e1", kind: "reject" } });
    expect(shortcutCommand("select", page())).toEqual({ type: "toggleSelected", id: "e1" });
  });

  it("decides nothing the moderator may not decide, or that is decided or in flight already", () => {
    for (const action of ["approve", "reject", "select"] as const) {
      expect(shortcutCommand(action, page({ canDecide: false }))).toBeNull();
      expect(shortcutCommand(action, page({ current: { ...item, undecided: false } }))).toBeNull();
      expect(shortcutCommand(action, page({ settled: true }))).toBeNull();
      expect(shortcutCommand(action, page({ current: null }))).toBeNull();
    }
  });

  it("asks to confirm a ban only where a ban is allowed and the author is not blocked already", () => {
    expect(shortcutCommand("ban", page())).toEqual({ type: "openPanel", panel: { id: "e1", kind: "ban" } });
    // A decided item's author can still be banned while its request is not in flight.
    expect(shortcutCommand("ban", page({ canDecide: false, current: { ...item, undecided: false } }))).toEqual({ type: "openPanel", panel: { id: "e1", kind: "ban" } });
    expect(shortcutCommand("ban", page({ canBan: false }))).toBeNull();
    expect(shortcutCommand("ban", page({ current: { ...item, authorBlocked: true } }))).toBeNull();
    expect(shortcutCommand("ban", page({ settled: true }))).toBeNull();
  });
});
