import { AppError } from "@/lib/errors";
import { xrpcErrorResponse } from "@/lib/http/xrpc";
import { parseQueryLabelsQuery, queryLabels } from "@/lib/labels/query-labels";

// The custom server answers GET itself, before Next (server/xrpc-routes.ts); this route serves
// it where there is no custom server, and answers the other methods.
export async function GET(request: Request): Promise<Response> {
  try {
    return Response.json(await queryLabels(parseQueryLabelsQuery(new URL(request.url).searchParams)));
  } catch (error) {
    return xrpcErrorResponse(error, request.headers.get("x-request-id") ?? undefined);
  }
}

export function POST(): Response {
  return xrpcErrorResponse(new AppError("method_not_allowed", "queryLabels is a query: use GET"));
}
