/** What a page needs to say about a failed request: a sentence, and whether signing in again would help. */
export type RequestFailure = { ok: false; status: number; error: string; signIn: boolean; code?: string; details?: unknown };
export type RequestResult<T> = { ok: true; data: T } | RequestFailure;

/**
 * A same-origin JSON request with the session cookie, for client components. Every
 * failure comes back as a sentence (the API's own message where it gave one), never
 * a thrown error, so a page can put it in a toast.
 */
export async function requestJson<T>(url: string, init: { method?: string; body?: unknown; keepalive?: boolean } = {}): Promise<RequestResult<T>> {
  let response: Response;
  try {
    response = await fetch(url, {
      method: init.method ?? (init.body === undefined ? "GET" : "POST"),
      headers: init.body === undefined ? undefined : { "content-type": "application/json" },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      // Outlives the page: a request sent while it unloads (leaving a subject) still goes.
      keepalive: init.keepalive,
    });
  } catch {
    return { ok: false, status: 0, error: "Could not reach Warden. Nothing was lost; try again.", signIn: false };
  }
  const body = (await response.json().catch(() => null)) as (T & { error?: { code?: string; message?: string; details?: unknown } }) | null;
  if (response.ok) return { ok: true, data: body as T };
  if (response.status === 401) return { ok: false, status: 401, error: "Your session has ended. Sign in again, then retry.", signIn: true };
  const error = body?.error;
  return { ok: false, status: response.status, error: error?.message ?? `The request failed (${response.status}). Try again.`, signIn: false, code: error?.code, details: error?.details };
}
