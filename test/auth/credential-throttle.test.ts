import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { credentialRefusal, recordCredentialFailure, resetCredentialThrottle } from "@/lib/auth/credential-throttle";
import { authorizeCronSecret, authorizeRelaySecret } from "@/lib/auth/shared-secrets";
import { createToken } from "@/lib/auth/tokens";
import { AppError } from "@/lib/errors";
import { GET as cronTriage } from "@/app/api/cron/triage/route";
import { POST as nextAuthPost } from "@/app/api/auth/[...nextauth]/route";
import { GET as listTokens } from "@/app/api/tokens/route";
import { withMigratedDatabase } from "../support/database";
import { setEnv } from "../support/env";

// No session in these tests: only header credentials, and next-auth is never reached.
vi.mock("@/lib/auth/session", () => ({
  currentPrincipal: async () => null,
  authOptions: async () => {
    throw new Error("a refused login must not reach next-auth");
  },
}));

withMigratedDatabase();

const RELAY_SECRET = "relay-secret-0123456789";
const CRON_SECRET = "cron-secret-0123456789";
let restoreEnv: () => void;
let adminToken: string;
beforeAll(async () => {
  restoreEnv = setEnv({ LOGIN_MAX_FAILURES: "3", LOGIN_MAX_GLOBAL_FAILURES: "5", LOGIN_WINDOW_SECONDS: "600", RELAY_SECRET, CRON_SECRET, ANTHROPIC_API_KEY: undefined });
  adminToken = (await createToken({ name: "throttle-admin", role: "admin" }, "test")).token;
});
afterAll(() => restoreEnv());
beforeEach(() => resetCredentialThrottle());

const from = (address: string, headers: Record<string, string> = {}) => ({ "x-warden-client-ip": address, ...headers });
const tokens = (address: string, token?: string) =>
  listTokens(new Request("http://warden.test/api/tokens", { headers: from(address, token ? { authorization: `Bearer ${token}` } : {}) }));
const refusal = (address: string, now?: number) => credentialRefusal(address, now);

describe("the credential throttle", () => {
  it("refuses a client after LOGIN_MAX_FAILURES, only that client, until its window ends", () => {
    const now = 1_000_000;
    for (let i = 0; i < 3; i++) {
      expect(refusal("198.51.100.1", now)).toBeNull();
      recordCredentialFailure("198.51.100.1", now);
    }
    expect(refusal("198.51.100.1", now)?.details).toEqual({
      retryAfterSeconds: 600,
      rateLimit: { limit: 3, remaining: 0, resetAt: now + 600_000, windowSeconds: 600 },
    });
    expect(refusal("198.51.100.2", now)).toBeNull();
    expect(refusal("198.51.100.1", now + 600_000)).toBeNull();
  });

  it("counts an IPv6 /64 as one client", () => {
    for (let i = 1; i <= 3; i++) recordCredentialFailure(`2001:db8:1:2::${i}`);
    expect(refusal("2001:db8:1:2:ffff::9")).toBeInstanceOf(AppError);
    expect(refusal("2001:db8:1:3::1")).toBeNull();
  });

  it("past the global ceiling, gives a client that already failed no further try, and still checks a clean one", () => {
    for (const last of [1, 2, 3, 4, 5]) recordCredentialFailure(`203.0.113.${last}`);
    expect(refusal("203.0.113.1")).toMatchObject({ code: "rate_limited", details: { rateLimit: { limit: 5 } } });
    expect(refusal("203.0.113.99")).toBeNull();
  });
});

describe("API tokens", () => {
  it("answer 401 while under the limit, then 429 with Retry-After and RateLimit-* headers", async () => {
    for (let i = 0; i < 3; i++) expect((await tokens("198.51.100.7", "wdn_guess")).status).toBe(401);
    const refused = await tokens("198.51.100.7", "wdn_guess");
    expect(refused.status).toBe(429);
    expect((await refused.json()).error.code).toBe("rate_limited");
    expect(Object.fromEntries(refused.headers)).toMatchObject({
      "retry-after": "600",
      "ratelimit-limit": "3",
      "ratelimit-remaining": "0",
      "ratelimit-reset": expect.stringMatching(/^\d{10}$/),
      "ratelimit-policy": "3;w=600",
    });
  });

  it("refuse a locked-out client unchecked, even with a right token, while other clients go on", async () => {
    for (let i = 0; i < 3; i++) await tokens("198.51.100.8", "wdn_guess");
    expect((await tokens("198.51.100.8", adminToken)).status).toBe(429);
    expect((await tokens("198.51.100.9", adminToken)).status).toBe(200);
    expect((await tokens("198.51.100.9", "wdn_guess")).status).toBe(401);
  });

  it("keep counting after a success (one valid token buys no extra guesses), and not count a request without one", async () => {
    await tokens("198.51.100.10", "wdn_guess");
    await tokens("198.51.100.10", "wdn_guess");
    expect((await tokens("198.51.100.10", adminToken)).status).toBe(200);
    for (let i = 0; i < 5; i++) expect((await tokens("198.51.100.10")).status).toBe(401);
    expect((await tokens("198.51.100.10", "wdn_guess")).status).toBe(401);
    expect((await tokens("198.51.100.10", "wdn_guess")).status).toBe(429);
  });
});

describe("the relay and cron secrets", () => {
  const request = (address: string, authorization?: string) =>
    new Request("http://warden.test/x", { headers: from(address, authorization ? { authorization } : {}) });

  it("answer 503 when unset, 401 when wrong or missing, and pass when right", async () => {
    const restore = setEnv({ RELAY_SECRET: undefined });
    await expect(authorizeRelaySecret(request("192.0.2.1", `Bearer ${RELAY_SECRET}`))).rejects.toMatchObject({ code: "unavailable" });
    restore();
    await expect(authorizeRelaySecret(request("192.0.2.1", "Bearer wrong-secret"))).rejects.toMatchObject({ code: "unauthorized" });
    await expect(authorizeRelaySecret(request("192.0.2.1"))).rejects.toMatchObject({ code: "unauthorized" });
    await expect(authorizeRelaySecret(request("192.0.2.1", `Bearer ${RELAY_SECRET}`))).resolves.toBeUndefined();
    await expect(authorizeCronSecret(request("192.0.2.1", `Bearer ${CRON_SECRET}`))).resolves.toBeUndefined();
    await expect(authorizeCronSecret(request("192.0.2.1", `Bearer ${RELAY_SECRET}`))).rejects.toMatchObject({ code: "unauthorized" });
  });

  it("share one count with every other credential, and answer 429 past it", async () => {
    await expect(authorizeRelaySecret(request("192.0.2.2", "Bearer wrong-secret"))).rejects.toMatchObject({ code: "unauthorized" });
    await tokens("192.0.2.2", "wdn_guess");
    await expect(authorizeCronSecret(request("192.0.2.2", "Bearer wrong-secret"))).rejects.toMatchObject({ code: "unauthorized" });
    await expect(authorizeRelaySecret(request("192.0.2.2", `Bearer ${RELAY_SECRET}`))).rejects.toMatchObject({ code: "rate_limited" });
    await expect(authorizeRelaySecret(request("192.0.2.3", `Bearer ${RELAY_SECRET}`))).resolves.toBeUndefined();
  });

  it("throttle the cron route itself", async () => {
    const cron = (authorization: string) => cronTriage(new Request("http://warden.test/api/cron/triage", { headers: from("192.0.2.4", { authorization }) }));
    expect((await cron(`Bearer ${CRON_SECRET}`)).status).toBe(200);
    for (let i = 0; i < 3; i++) expect((await cron("Bearer wrong-secret")).status).toBe(401);
    const refused = await cron(`Bearer ${CRON_SECRET}`);
    expect(refused.status).toBe(429);
    expect(refused.headers.get("retry-after")).toBe("600");
  });
});

describe("the login form", () => {
  it("answers a locked-out client 429 before next-auth, with the URL its client reads and the headers", async () => {
    for (let i = 0; i < 3; i++) recordCredentialFailure("192.0.2.50");
    const response = await nextAuthPost(
      new Request("http://warden.test/api/auth/callback/credentials", {
        method: "POST",
        headers: from("192.0.2.50", { "content-type": "application/x-www-form-urlencoded" }),
        body: "csrfToken=x&token=wdn_guess&json=true",
      }),
      { params: Promise.resolve({ nextauth: ["callback", "credentials"] }) },
    );
    expect(response.status).toBe(429);
    expect(await response.json()).toMatchObject({ error: { code: "rate_limited" }, url: "http://warden.test/login?error=RateLimited" });
    expect(response.headers.get("ratelimit-policy")).toBe("3;w=600");
  });
});
