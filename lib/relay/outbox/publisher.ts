import type { NostrEvent } from "../policy/nostr-event";

export type DeliveryResult = { ok: true } | { ok: false; error: string };

/** Gets approved events into the relay, unchanged; answers per event id. */
export type Publisher = {
  name: string;
  publish(events: NostrEvent[]): Promise<Map<string, DeliveryResult>>;
};

/** The same failure for every event (connection refused, process failed…). */
export function failAll(events: NostrEvent[], error: string): Map<string, DeliveryResult> {
  return new Map(events.map((event) => [event.id, { ok: false, error }]));
}
