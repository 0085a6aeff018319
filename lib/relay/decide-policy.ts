import { db } from "@/lib/db";
import { enqueueHeldEvents } from "./enqueue-held";
import { policyConfig } from "./policy-config";
import { decide, type PolicyView } from "./policy/decide";
import { reply, type PluginInput, type PluginOutput } from "./policy/plugin-io";
import type { PubkeyTier } from "./policy/tiers";
import { parseStorableRequest } from "./storable-request";
import { verifyNostrEvent } from "./verify-event";
import { approvedStatuses } from "./queue-item";

/**
 * The write policy against the database (POST /api/relay/policy, and the plugin's
 * held events, which are decided again here on current state: an author trusted or
 * an event approved since the plugin's snapshot passes at once). Held events are
 * stored before this returns. With `verifySignatures`, accepted events are verified
 * too (relays other than strfry may not have); held ones always are.
 */
export async function decidePolicies(inputs: PluginInput[], options: { verifySignatures: boolean }): Promise<PluginOutput[]> {
  const view = await loadView(inputs);
  const config = policyConfig();
  const now = Math.floor(Date.now() / 1000);
  const outputs: PluginOutput[] = new Array(inputs.length);
  const held: number[] = [];
  for (const [index, input] of inputs.entries()) {
    const { id } = input.event;
    const decision = decide(input, view, config, now);
    if (decision.action === "hold") {
      held.push(index);
      continue;
    }
    const problem = decision.action === "accept" && options.verifySignatures ? await verifyNostrEvent(input.event) : null;
    outputs[index] = problem ? reply(id, "reject", problem) : reply(id, decision.action, decision.msg);
  }
  const stored = await enqueueHeldEvents(held.map((index) => inputs[index]!));
  held.forEach((index, k) => (outputs[index] = stored[k]!));
  return outputs;
}

/**
 * The plugin's batch of events it decided to hold, as received (each item unchecked):
 * a malformed item is rejected on its own (an item without an id answers with id ""),
 * the rest are decided again on current state and stored before this returns, so the
 * plugin replies to strfry only once an event is durable. Answers in request order.
 */
export async function decideHeldItems(items: unknown[]): Promise<PluginOutput[]> {
  const outputs: PluginOutput[] = new Array(items.length);
  const valid: { index: number; input: PluginInput }[] = [];
  items.forEach((item, index) => {
    const parsed = parseStorableRequest(item);
    if (parsed.ok) valid.push({ index, input: parsed.input });
    else outputs[index] = reply(parsed.id ?? "", "reject", parsed.msg);
  });
  const decided = await decidePolicies(valid.map(({ input }) => input), { verifySignatures: false });
  valid.forEach(({ index }, k) => (outputs[index] = decided[k]!));
  return outputs;
}

/** Tiers of the authors (and authed pubkeys) and which ids are approved, in two queries. */
async function loadView(inputs: PluginInput[]): Promise<PolicyView> {
  const pubkeys = new Set(inputs.flatMap(({ event, authed }) => (authed ? [event.pubkey, authed] : [event.pubkey])));
  const ids = inputs.map(({ event }) => event.id);
  const [tiers, approved] = await Promise.all([
    db().relayPubkey.findMany({ where: { pubkey: { in: [...pubkeys] } }, select: { pubkey: true, trust: true } }),
    db().relayEvent.findMany({ where: { id: { in: ids }, status: { in: [...approvedStatuses] } }, select: { id: true } }),
  ]);
  const tierOf = new Map<string, PubkeyTier>(tiers.map(({ pubkey, trust }) => [pubkey, trust]));
  const approvedIds = new Set(approved.map(({ id }) => id));
  return { tierOf: (pubkey) => tierOf.get(pubkey) ?? "unknown", isApproved: (id) => approvedIds.has(id) };
}
