export type SearchParams = Record<string, string | string[] | undefined>;

/** A page's path with its query string, for requirePagePrincipal so login returns to the same view. */
export function pagePath(pathname: string, params: SearchParams = {}): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    for (const item of [value].flat()) if (item !== undefined) search.append(key, item);
  }
  const query = search.toString();
  return query ? `${pathname}?${query}` : pathname;
}
