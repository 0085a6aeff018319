/** Calls to the relay admin API from the dashboard (same origin, session cookie), through requestJson. */

import { requestJson } from "../request-json";

export type ApiResult<T> = { ok: true; data: T } | { ok: false; message: string; signIn: boolean };

async function postJson<T = unknown>(path: string, body: unknown = {}): Promise<ApiResult<T>> {
  const answer = await requestJson<T>(path, { body });
  return answer.ok ? answer : { ok: false, message: answer.error, signIn: answer.signIn };
}

export type BulkResult = { results: ({ id: string; status: string } | { id: string; error: { code: string; message: string } })[] };

export type TierAnswer = { pubkey: string; tier: string; from: string; previous_note: string | null };

export const relayApi = {
  decide: (id: string, decision: "approve" | "reject", reason?: string) =>
    postJson(`/api/relay/queue/${encodeURIComponent(id)}/${decision}`, reason ? { reason } : {}),
  /** The undo of a reject: approved after all. */
  overturn: (id: string, reason?: string) => postJson(`/api/relay/queue/${encodeURIComponent(id)}/overturn`, reason ? { reason } : {}),
  bulk: (ids: string[], decision: "approve" | "reject", reason?: string) =>
    postJson<BulkResult>("/api/relay/queue/bulk", { ids, decision, ...(reason ? { reason } : {}) }),
  ban: (pubkey: string, reason?: string) =>
    postJson<{ rejected: number; from: string; previous_note: string | null }>(`/api/relay/authors/${encodeURIComponent(pubkey)}/ban`, reason ? { reason } : {}),
  /** Lifts a ban: the tier and note it replaced come back; 409 when not banned. */
  unban: (pubkey: string, reason?: string) =>
    postJson<{ pubkey: string; tier: string; note: string | null; ban_note: string | null }>(`/api/relay/authors/${encodeURIComponent(pubkey)}/unban`, reason ? { reason } : {}),
  /** `ifTier`: only while the tier is still this one (an undo); the answer says what the change replaced. */
  setTier: (pubkey: string, tier: string, note?: string, undo?: { ifTier: string; reason: string }) =>
    postJson<TierAnswer>("/api/relay/pubkeys", { pubkey, tier, ...(note ? { note } : {}), ...(undo && { if_tier: undo.ifTier, reason: undo.reason }) }),
};
