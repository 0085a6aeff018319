// Shared by the flag tests: tokens for each role, flags seeded through the real
// label writer, and route handlers called as Next calls them.
import { createToken } from "@/lib/auth/tokens";
import { db } from "@/lib/db";
import { createLabels } from "@/lib/labels/create-labels";
import { setEnv } from "../support/env";

export const ADMIN = "flags-admin-token-0123456789abcdef";
export const track = (rkey: string) => `at://did:plc:ewvi7nxzyoun6zhxrhs64oiz/fm.plyr.track/${rkey}`;

export type Tokens = { admin: string; moderator: string; other: string; triage: string };

export const LABELER = "did:web:warden.test";

/** ADMIN_TOKEN plus stored tokens: two moderators ("mod", "mod2") and a triage bot. A fixed DID, so PUBLIC_URL can change. */
export async function setUpTokens(): Promise<Tokens> {
  setEnv({ ADMIN_TOKEN: ADMIN, LABELER_DID: LABELER });
  return {
    admin: ADMIN,
    moderator: (await createToken({ name: "mod", role: "moderator" }, "test")).token,
    other: (await createToken({ name: "mod2", role: "moderator" }, "test")).token,
    triage: (await createToken({ name: "bot", role: "triage" }, "test")).token,
  };
}

export type Seed = { rkey: string; title?: string; artist?: string; score?: number };

/** Emits copyright-violation flags (signed, as /emit-label would) with their scanner context. */
export async function seedFlags(seeds: Seed[]): Promise<string[]> {
  const uris = seeds.map((seed) => track(seed.rkey));
  await createLabels(uris.map((uri) => ({ uri, val: "copyright-violation" })), "scanner");
  await db().subjectContext.createMany({
    data: seeds
      .filter((seed) => seed.title || seed.artist || seed.score !== undefined)
      .map((seed) => ({
        uri: track(seed.rkey),
        trackId: String(seed.rkey.length),
        trackTitle: seed.title ?? null,
        artistHandle: seed.artist ?? null,
        highestScore: seed.score ?? null,
        matches: [{ title: `Original of ${seed.title ?? seed.rkey}`, artist: "Famous", score: seed.score ?? 0.5 }],
      })),
  });
  return uris;
}

type Handler = (request: Request, context: { params: Promise<never> }) => Promise<Response>;

export type Call = { method?: string; path?: string; body?: unknown; token?: string | null; headers?: Record<string, string>; params?: object };

/** Calls a route handler with a token in X-Moderation-Key (null: no credentials at all). */
export async function call(route: Handler, { method = "POST", path = "/", body, token = ADMIN, headers = {}, params = {} }: Call = {}) {
  const request = new Request(`http://warden.test${path}`, {
    method,
    headers: {
      ...(body !== undefined && { "content-type": "application/json" }),
      ...(token !== null && { "x-moderation-key": token }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const response = await route(request, { params: Promise.resolve(params) as Promise<never> });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : null, headers: response.headers };
}
