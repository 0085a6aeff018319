import { z } from "zod";
import { env } from "@/lib/env";
import { route } from "@/lib/http/route";
import { parseStorableRequest } from "@/lib/relay/storable-request";
import { recordNostrReports, type NostrReportResult } from "@/lib/reports/nostr-reports";

const bodySchema = z.object({ items: z.array(z.unknown()).min(1).max(500) });
const bodyLimit = () => 500 * (env().RELAY_MAX_EVENT_BYTES + 1024);

/**
 * NIP-56 reports (kind 1984) the write policy let through, forwarded by the plugin as
 * it read them: each becomes reports on its p pubkey and e event. Answers `{results}`
 * in request order; an item that is not a valid event is answered as ignored.
 */
export const POST = route({ auth: "relay", body: bodySchema, bodyLimit, itemsCheckedByHandler: true }, async ({ body }) => {
  const results: NostrReportResult[] = new Array(body.items.length);
  const valid: { index: number; input: { event: Parameters<typeof recordNostrReports>[0][number]["event"]; authed?: string } }[] = [];
  body.items.forEach((item, index) => {
    const parsed = parseStorableRequest(item);
    if (parsed.ok) valid.push({ index, input: { event: parsed.input.event, authed: parsed.input.authed } });
    else results[index] = { id: parsed.id ?? "", recorded: 0, ignored: parsed.msg };
  });
  const recorded = await recordNostrReports(valid.map(({ input }) => input));
  valid.forEach(({ index }, k) => (results[index] = recorded[k]!));
  return Response.json({ results });
});
