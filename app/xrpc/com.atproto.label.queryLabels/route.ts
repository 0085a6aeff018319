import { AppError } from "@/lib/errors";
import { preflight, route } from "@/lib/http/route";
import { parseQueryLabelsQuery, queryLabelsJson } from "@/lib/labels/query-labels";

// The custom server answers GET itself, before Next (server/xrpc-routes.ts); this route serves
// it where there is no custom server, and answers the other methods.
export const GET = route({ auth: "public", errors: "xrpc", cors: true }, async ({ request }) => {
  const json = await queryLabelsJson(parseQueryLabelsQuery(new URL(request.url).searchParams));
  return new Response(json, { headers: { "content-type": "application/json" } });
});

export const POST = route({ auth: "public", errors: "xrpc", cors: true }, () => {
  throw new AppError("method_not_allowed", "queryLabels is a query: use GET");
});

export const OPTIONS = preflight(["GET"]);
