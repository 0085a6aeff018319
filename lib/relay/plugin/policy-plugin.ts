import { decide } from "../policy/decide.ts";
import { idInText, parsePluginLine, reply, type PluginOutput, type PolicyInput } from "../policy/plugin-io.ts";
import type { PolicySnapshot } from "../policy/snapshot.ts";

// After a (re)start, events wait this long for the first snapshot before "unavailable".
const NIP56_REPORT_KIND = 1984;
const STARTUP_WAIT_MS = 5_000;

export type PolicyPluginDeps = {
  /** Null when the plugin is not configured: every event is then "unavailable". */
  sync: { snapshot: PolicySnapshot; fresh(): boolean; whenLoaded(timeoutMs: number): Promise<void> } | null;
  /** Stores a held request (as read, every field kept) in Warden, answering once it is stored. */
  store: { hold(id: string, request: unknown): Promise<PluginOutput> } | null;
  /** Takes NIP-56 reports (kind 1984) the policy accepts or holds, for Warden's inbox. */
  reports?: { forward(request: unknown): void } | null;
  unavailable: (id: string) => PluginOutput;
  log: (message: string) => void;
  nowMs?: () => number;
};

export type Answer = PluginOutput | Promise<PluginOutput> | null;

/**
 * The plugin's decision for one stdin line: a reply now (accept or reject from the
 * in-memory snapshot), a promise (held: answered once Warden stored it), or null
 * for a line with no recoverable event id (strfry needs the id to match a reply).
 * Never throws: any error becomes a reject.
 */
export function createPolicyPlugin(deps: PolicyPluginDeps) {
  const nowMs = deps.nowMs ?? Date.now;
  const startedAt = nowMs();

  function answer(input: PolicyInput, request: unknown, bytes: number): PluginOutput | Promise<PluginOutput> {
    const { id } = input.event;
    const { sync } = deps;
    const config = sync?.snapshot.config;
    if (!sync?.fresh() || !config) return deps.unavailable(id);
    // The line is an upper bound of the event's size; the exact size only matters past the limit.
    const size = { atMost: bytes, exact: () => Buffer.byteLength(JSON.stringify((request as { event: unknown }).event)) };
    const decision = decide(input, sync.snapshot, config, Math.floor(nowMs() / 1000), size);
    if (input.event.kind === NIP56_REPORT_KIND && decision.action !== "reject") deps.reports?.forward(request);
    if (decision.action !== "hold") return reply(id, decision.action, decision.msg);
    return deps.store ? deps.store.hold(id, request) : deps.unavailable(id);
  }

  function safely(id: string, run: () => PluginOutput | Promise<PluginOutput>): PluginOutput | Promise<PluginOutput> {
    const failed = (error: unknown) => {
      deps.log(`error deciding ${id}: ${error instanceof Error ? error.message : String(error)}`);
      return reply(id, "reject", "error: internal error in the write policy");
    };
    try {
      const result = run();
      return result instanceof Promise ? result.catch(failed) : result;
    } catch (error) {
      return failed(error);
    }
  }

  function lineAnswer(line: string, bytes: number): Answer {
    if (line.trim() === "") return null;
    const parsed = parsePluginLine(line);
    if (!parsed.ok) {
      if (parsed.id !== null) return reply(parsed.id, "reject", parsed.msg);
      deps.log(`cannot answer a line without an event id (${parsed.msg}): ${line.slice(0, 120)}`);
      return null;
    }
    const { input, value } = parsed;
    const { sync } = deps;
    const waitMs = STARTUP_WAIT_MS - (nowMs() - startedAt);
    if (sync && sync.snapshot.version < 0 && waitMs > 0) {
      return safely(input.event.id, () => sync.whenLoaded(waitMs).then(() => answer(input, value, bytes)));
    }
    return safely(input.event.id, () => answer(input, value, bytes));
  }

  return {
    line(line: string, bytes: number): Answer {
      try {
        return lineAnswer(line, bytes);
      } catch (error) {
        // Not expected (parsing never throws), but one line must never cost the others.
        const id = idInText(line);
        return id === null ? null : safely(id, () => Promise.reject(error));
      }
    },

    /** A line too long to keep: answered as too large if its id can be found in its head. */
    overlong(head: string): Answer {
      const id = idInText(head);
      if (id) return reply(id, "reject", "invalid: request too large");
      deps.log("cannot answer an overlong line without an event id near its start");
      return null;
    },
  };
}
