import { route } from "@/lib/http/route";
import { readSnapshot } from "@/lib/relay/read-snapshot";
import { snapshotQuerySchema } from "@/lib/relay/schemas";

/**
 * The plugin's trust snapshot: in full without `since`, else the changes after that
 * version; `wait` (seconds, at most 25) holds the answer until something changes.
 */
export const GET = route({ auth: "relay", query: snapshotQuerySchema }, async ({ request, query }) => {
  const snapshot = await readSnapshot(query.since, query.wait, request.signal);
  return Response.json(snapshot, { headers: { "cache-control": "no-store" } });
});
