import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "@/lib/env";
import { clientAddress, forwardedClient, normalizeAddress } from "@/lib/http/client-address";

const trustProxy = (value: string) => parseEnv({ TRUST_PROXY: value }).TRUST_PROXY;
const from = (peer: string, forwardedFor: string | undefined, trust: string) =>
  forwardedClient(peer, { forwardedFor }, trustProxy(trust)).address;

describe("TRUST_PROXY", () => {
  it("reads none, a number of hops, or proxy addresses and CIDRs", () => {
    expect(parseEnv({}).TRUST_PROXY).toBe(0);
    expect(trustProxy("false")).toBe(0);
    expect(trustProxy("0")).toBe(0);
    expect(trustProxy("true")).toBe(1);
    expect(trustProxy("1")).toBe(1);
    expect(trustProxy("3")).toBe(3);
    expect(trustProxy(" 10.0.0.0/8, 2001:db8::/32 ,192.0.2.7")).toEqual(["10.0.0.0/8", "2001:db8::/32", "192.0.2.7"]);
    expect(trustProxy("loopback")).toEqual(["127.0.0.0/8", "::1/128"]);
  });

  it.each(["maybe", "10.0.0.0/33", "::/129", "10.0.0.0/8/1", "10.0.0.256", "10.0.0.0/8,", "constructor", "-1"])(
    "refuses %j, naming the variable",
    (value) => {
      expect(() => trustProxy(value)).toThrow(EnvError);
      expect(() => trustProxy(value)).toThrow(/TRUST_PROXY/);
    },
  );
});

describe("the client address behind proxies", () => {
  it("ignores X-Forwarded-For without trusted proxies", () => {
    expect(from("198.51.100.9", "203.0.113.1", "false")).toBe("198.51.100.9");
  });

  it("reads from the right: with N hops it skips N-1 entries, never the client's own", () => {
    // The client wrote "1.1.1.1"; the proxy appended what it saw.
    expect(from("10.0.0.2", "1.1.1.1, 203.0.113.5", "1")).toBe("203.0.113.5");
    expect(from("10.0.0.2", "1.1.1.1, 203.0.113.5, 10.0.0.1", "2")).toBe("203.0.113.5");
    expect(from("10.0.0.3", "1.1.1.1, 203.0.113.5, 10.0.0.1, 10.0.0.2", "3")).toBe("203.0.113.5");
  });

  it("takes the leftmost entry when there are fewer entries than hops, and the peer when there are none", () => {
    expect(from("10.0.0.2", "203.0.113.5", "3")).toBe("203.0.113.5");
    expect(from("10.0.0.2", undefined, "2")).toBe("10.0.0.2");
    expect(from("10.0.0.2", "", "2")).toBe("10.0.0.2");
  });

  it("stops at a malformed entry: the proxy that passed it on is the client", () => {
    expect(from("10.0.0.2", "203.0.113.5, not-an-ip", "2")).toBe("10.0.0.2");
    expect(from("10.0.0.2", "203.0.113.5, , 10.0.0.1", "3")).toBe("10.0.0.1");
    expect(from("10.0.0.2", "garbage, 203.0.113.5", "3")).toBe("203.0.113.5");
    expect(from("10.0.0.2", "fe80::1%eth0", "1")).toBe("10.0.0.2");
  });

  it("with a list, walks past trusted proxies only: the first address outside it is the client", () => {
    expect(from("10.0.0.2", "1.1.1.1, 203.0.113.5, 10.0.0.1", "10.0.0.0/8")).toBe("203.0.113.5");
    expect(from("198.51.100.9", "203.0.113.5", "10.0.0.0/8")).toBe("198.51.100.9");
    // Every hop trusted: the furthest address known.
    expect(from("10.0.0.2", "10.0.0.1", "10.0.0.0/8")).toBe("10.0.0.1");
  });

  it("matches IPv6 and IPv4-mapped IPv6 against CIDRs of either family", () => {
    expect(from("2001:db8::2", "203.0.113.5, 2001:db8::1", "2001:db8::/32")).toBe("203.0.113.5");
    expect(from("::ffff:10.0.0.2", "2001:db8:ffff::9", "10.0.0.0/8")).toBe("2001:db8:ffff::9");
    expect(from("10.0.0.2", "203.0.113.5", "::ffff:10.0.0.0/104")).toBe("203.0.113.5");
    expect(from("::ffff:203.0.113.5", undefined, "10.0.0.0/8")).toBe("203.0.113.5");
  });

  it("takes X-Forwarded-Proto and -Host from the same hop, and only from a trusted peer", () => {
    const headers = { forwardedFor: "1.1.1.1, 203.0.113.5", forwardedProto: "http, https", forwardedHost: "evil.example, warden.example" };
    expect(forwardedClient("10.0.0.2", headers, 1)).toEqual({ address: "203.0.113.5", proto: "https", host: "warden.example" });
    // One value set by the proxy (the common case), whatever the hop count.
    expect(forwardedClient("10.0.0.2", { forwardedProto: "https", forwardedHost: "warden.example" }, 2)).toMatchObject({ proto: "https", host: "warden.example" });
    expect(forwardedClient("198.51.100.9", headers, 0)).toEqual({ address: "198.51.100.9" });
    expect(forwardedClient("10.0.0.2", { forwardedProto: "gopher" }, 1).proto).toBeUndefined();
  });
});

describe("addresses", () => {
  it("are spelled one way", () => {
    expect(normalizeAddress("203.0.113.5:4711")).toBe("203.0.113.5");
    expect(normalizeAddress("[2001:DB8:0::1]:443")).toBe("2001:db8::1");
    expect(normalizeAddress("::ffff:c000:0207")).toBe("192.0.2.7");
    expect(normalizeAddress("unknown")).toBeNull();
    expect(normalizeAddress("203.0.113.5 evil")).toBeNull();
  });

  it("are read from the server's stamp, else from the right of X-Forwarded-For, never its first entry", () => {
    expect(clientAddress(new Headers({ "x-warden-client-ip": "192.0.2.1", "x-forwarded-for": "203.0.113.9" }))).toBe("192.0.2.1");
    expect(clientAddress(new Headers({ "x-forwarded-for": "1.1.1.1, 203.0.113.9" }))).toBe("203.0.113.9");
    expect(clientAddress(new Headers())).toBe("unknown");
  });
});
