import { readQuery } from "@/lib/http/body";
import { readSnapshot } from "@/lib/relay/read-snapshot";
import { relayRoute } from "@/lib/relay/relay-route";
import { snapshotQuerySchema } from "@/lib/relay/schemas";

/**
 * The plugin's trust snapshot: in full without `since`, else the changes after that
 * version; `wait` (seconds, at most 25) holds the answer until something changes.
 */
export const GET = relayRoute(async (request) => {
  const { since, wait } = readQuery(request, snapshotQuerySchema);
  const snapshot = await readSnapshot(since, wait, request.signal);
  return Response.json(snapshot, { headers: { "cache-control": "no-store" } });
});
