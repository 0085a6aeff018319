import { BlockList, isIP } from "node:net";
import type { TrustProxy } from "@/lib/env";

/** Who sent a request, as far as the trusted proxies in front of us can vouch. */
export type ForwardedClient = {
  address: string;
  /** From X-Forwarded-Proto / -Host, only when the peer is a trusted proxy. */
  proto?: "http" | "https";
  host?: string;
};

export type ForwardingHeaders = { forwardedFor?: string; forwardedProto?: string; forwardedHost?: string };

/**
 * The client behind a chain of proxies. Each proxy appends the address it received
 * from to X-Forwarded-For, so the list is read from the right: starting from the
 * socket peer, while the current address is a trusted proxy we step to the entry it
 * appended. The first address that is not trusted is the client; everything to its
 * left was written by the client and is never read. With a hop count N, the peer
 * and the N-1 entries after it are the proxies (express's `trust proxy` N); fewer
 * entries than that means a shorter path, and the leftmost one (still appended by a
 * trusted proxy) is the client. A malformed entry stops the walk at the proxy that
 * passed it on, so garbage is never taken for an address.
 */
export function forwardedClient(peer: string | undefined, headers: ForwardingHeaders, trust: TrustProxy): ForwardedClient {
  const trusted = trustCheck(trust);
  const entries = headers.forwardedFor ? headers.forwardedFor.split(",") : [];
  const peerAddress = normalizeAddress(peer) ?? "unknown";
  let address = peerAddress;
  let hops = 0;
  for (let i = entries.length - 1; i >= 0 && trusted(address, hops); i--) {
    const next = normalizeAddress(entries[i]);
    if (next === null) break;
    address = next;
    hops += 1;
  }
  if (!trusted(peerAddress, 0)) return { address };
  // X-Forwarded-Proto and -Host are lists too when proxies append: take the entry the
  // outermost trusted proxy wrote, the same position as the client's address.
  const proxies = Math.max(hops, 1);
  const proto = pick(headers.forwardedProto, proxies)?.toLowerCase();
  const host = pick(headers.forwardedHost, proxies);
  return { address, ...((proto === "http" || proto === "https") && { proto }), ...(host && { host }) };
}

function pick(list: string | undefined, proxies: number): string | undefined {
  if (!list) return undefined;
  const entries = list.split(",");
  return entries[Math.max(0, entries.length - proxies)]?.trim() || undefined;
}

/**
 * An address in one spelling: ports and brackets dropped, IPv6 compressed and
 * lower-case, IPv4-mapped IPv6 as IPv4 (a dual-stack socket reports `::ffff:a.b.c.d`).
 * Null for anything else, including IPv6 zone ids (local only, never forwarded).
 */
export function normalizeAddress(text: string | undefined): string | null {
  let candidate = text?.trim() ?? "";
  const bracketed = /^\[([^\]]+)\](?::\d{1,5})?$/.exec(candidate);
  if (bracketed) candidate = bracketed[1]!;
  else if (/^[\d.]+:\d{1,5}$/.test(candidate)) candidate = candidate.slice(0, candidate.lastIndexOf(":"));
  const family = isIP(candidate);
  if (family === 4) return candidate;
  if (family !== 6 || candidate.includes("%")) return null;
  const canonical = new URL(`http://[${candidate}]/`).hostname.slice(1, -1);
  const mapped = /^::ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(canonical);
  if (!mapped) return canonical;
  const [high, low] = [Number.parseInt(mapped[1]!, 16), Number.parseInt(mapped[2]!, 16)];
  return `${high >> 8}.${high & 255}.${low >> 8}.${low & 255}`;
}

const compiled = new WeakMap<string[], BlockList>();

function trustCheck(trust: TrustProxy): (address: string, hop: number) => boolean {
  if (typeof trust === "number") return (_address, hop) => hop < trust;
  let list = compiled.get(trust);
  if (!list) {
    list = new BlockList();
    for (const entry of trust) {
      const [address, prefix] = entry.split("/") as [string, string | undefined];
      const type = isIP(address) === 4 ? "ipv4" : "ipv6";
      if (prefix === undefined) list.addAddress(address, type);
      else list.addSubnet(address, Number(prefix), type);
    }
    compiled.set(trust, list);
  }
  const blockList = list;
  // BlockList matches IPv4 rules against IPv4-mapped IPv6 and back.
  return (address) => {
    const family = isIP(address);
    return family !== 0 && blockList.check(address, family === 4 ? "ipv4" : "ipv6");
  };
}

/**
 * The caller's address as the custom server stamped it (`x-warden-client-ip`,
 * replacing anything the client sent). Without the custom server (a platform such as
 * Vercel) the platform's proxy sets `x-real-ip`, or is the last to append to
 * X-Forwarded-For; the first entry is the client's own claim and is never used.
 */
export function clientAddress(headers: Headers): string {
  const stamped = headers.get("x-warden-client-ip") ?? headers.get("x-real-ip") ?? headers.get("x-forwarded-for")?.split(",").at(-1);
  return normalizeAddress(stamped ?? undefined) ?? "unknown";
}
