import { reviewPath } from "@/lib/flags/flag-definition";

/** plyr.fm's review page lived here; links sent before the move land on /review/{id}. */
export async function GET(_request: Request, { params }: { params: Promise<{ id: string }> }): Promise<Response> {
  const { id } = await params;
  return new Response(null, { status: 308, headers: { location: reviewPath(encodeURIComponent(id)) } });
}
