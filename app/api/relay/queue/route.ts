import { readQuery } from "@/lib/http/body";
import { adminRoute } from "@/lib/http/admin-route";
import { listQueue } from "@/lib/relay/list-queue";
import { queueQuerySchema } from "@/lib/relay/schemas";

/** Held events, newest first: `?status=pending,ai_flagged&limit=50&before=<next>`. */
export const GET = adminRoute("relay:decide", async ({ request }) => {
  return Response.json(await listQueue(readQuery(request, queueQuerySchema)));
});
