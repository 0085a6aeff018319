/** plyr.fm's admin page lived here; the dashboard's flag list replaces it. */
export function GET(): Response {
  return new Response(null, { status: 308, headers: { location: "/flags" } });
}
