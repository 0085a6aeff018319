import { IdResolver, MemoryCache } from "@atproto/identity";
import { env } from "@/lib/env";
import { DEFAULT_PLC_URL } from "@/lib/labels/network/resolve-did";

// On globalThis: the custom server and Next's bundle are separate module graphs.
const state = globalThis as unknown as { __wardenIdResolver?: { plcUrl: string; resolver: IdResolver } };

const STALE_MS = 60 * 60_000;
const MAX_AGE_MS = 24 * 60 * 60_000;

const isLoopback = (url: string) => ["localhost", "127.0.0.1", "[::1]"].includes(new URL(url).hostname);

/**
 * Resolves DIDs (PLC_URL for did:plc, did:web over HTTPS) with a per-process cache of
 * documents; a caller that finds a key wrong asks again with forceRefresh. The
 * library's fetch refuses private addresses (SSRF); a PLC directory on loopback
 * (a development network) gets the plain fetch instead.
 */
export function idResolver(): IdResolver {
  const PLC_URL = env().PLC_URL ?? DEFAULT_PLC_URL;
  if (state.__wardenIdResolver?.plcUrl !== PLC_URL) {
    const resolver = new IdResolver({
      plcUrl: PLC_URL,
      timeout: 3000,
      didCache: new MemoryCache(STALE_MS, MAX_AGE_MS),
      ...(isLoopback(PLC_URL) && { fetch: globalThis.fetch }),
    });
    state.__wardenIdResolver = { plcUrl: PLC_URL, resolver };
  }
  return state.__wardenIdResolver.resolver;
}
