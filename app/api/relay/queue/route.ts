import { route } from "@/lib/http/route";
import { listQueue } from "@/lib/relay/list-queue";
import { queueListQuerySchema } from "@/lib/relay/schemas";

/** Held events, newest first: `?status=pending,ai_flagged&limit=50&before=<next>`. */
export const GET = route({ auth: "relay:decide", query: queueListQuerySchema }, async ({ query }) => Response.json(await listQueue(query)));
