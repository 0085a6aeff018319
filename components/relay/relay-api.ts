/** Calls to the relay admin API from the dashboard (same origin, session cookie). */

export type ApiResult<T> = { ok: true; data: T } | { ok: false; message: string };

export async function postJson<T = unknown>(path: string, body: unknown = {}): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  } catch {
    return { ok: false, message: "The server could not be reached. Check the connection and try again." };
  }
  const json = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!response.ok) return { ok: false, message: json?.error?.message ?? `Request failed (${response.status})` };
  return { ok: true, data: json as T };
}

export type BulkResult = { results: ({ id: string; status: string } | { id: string; error: { code: string; message: string } })[] };

export const relayApi = {
  decide: (id: string, decision: "approve" | "reject", reason?: string) =>
    postJson(`/api/relay/queue/${encodeURIComponent(id)}/${decision}`, reason ? { reason } : {}),
  bulk: (ids: string[], decision: "approve" | "reject", reason?: string) =>
    postJson<BulkResult>("/api/relay/queue/bulk", { ids, decision, ...(reason ? { reason } : {}) }),
  ban: (pubkey: string, reason?: string) =>
    postJson<{ rejected: number }>(`/api/relay/authors/${encodeURIComponent(pubkey)}/ban`, reason ? { reason } : {}),
  setTier: (pubkey: string, tier: string, note?: string) => postJson("/api/relay/pubkeys", { pubkey, tier, ...(note ? { note } : {}) }),
};
