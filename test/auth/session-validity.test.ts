// Sessions through next-auth's own handlers (its pages-router entry point: the App
// Router one needs Next's request scope), so the session endpoint runs exactly the
// callbacks GET /api/auth/session runs.
import NextAuth, { getServerSession } from "next-auth";
import { encode } from "next-auth/jwt";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { credentialRefusal, resetCredentialThrottle } from "@/lib/auth/credential-throttle";
import { authOptions } from "@/lib/auth/session";
import { sessionSecret } from "@/lib/auth/session-secret";
import { createToken, revokeToken } from "@/lib/auth/tokens";
import { withMigratedDatabase } from "../support/database";
import { setEnv } from "../support/env";

withMigratedDatabase();

const ADMIN_TOKEN = "first-admin-token-0123456789";
const SESSION_COOKIE = "next-auth.session-token";
let restoreEnv: () => void;
beforeAll(() => {
  restoreEnv = setEnv({ ADMIN_TOKEN, NEXTAUTH_URL: "http://warden.test", LOGIN_MAX_FAILURES: "3" });
});
afterAll(() => restoreEnv());
beforeEach(() => resetCredentialThrottle());

type Answer = { status: number; body: unknown; cookies: Map<string, string> };

/** One call to next-auth's handler; `cookies` are the Set-Cookie answers, by name. */
async function nextAuth(action: string[], request: { method?: string; cookies?: Record<string, string>; body?: object; address?: string } = {}): Promise<Answer> {
  const answer: Answer = { status: 200, body: undefined, cookies: new Map() };
  const headers = new Map<string, unknown>();
  const res = {
    status: (code: number) => ((answer.status = code), res),
    setHeader: (name: string, value: unknown) => (headers.set(name.toLowerCase(), value), res),
    getHeader: (name: string) => headers.get(name.toLowerCase()),
    send: (body: unknown) => void (answer.body = body),
    json: (body: unknown) => void (answer.body = body),
    end: () => {},
  };
  const req = {
    query: { nextauth: action },
    method: request.method ?? "GET",
    cookies: request.cookies ?? {},
    headers: { host: "warden.test", "x-warden-client-ip": request.address ?? "192.0.2.80" },
    body: request.body ?? {},
  };
  await NextAuth(req as never, res as never, await authOptions());
  for (const line of (headers.get("set-cookie") as string[] | undefined) ?? []) {
    const [pair = ""] = line.split(";");
    const at = pair.indexOf("=");
    answer.cookies.set(pair.slice(0, at), decodeURIComponent(pair.slice(at + 1)));
  }
  return answer;
}

/** Signs in with a token as the login form does; the session cookie, or undefined. */
async function signIn(token: string, address?: string): Promise<string | undefined> {
  const csrf = await nextAuth(["csrf"]);
  const csrfToken = (csrf.body as { csrfToken: string }).csrfToken;
  const cookies = Object.fromEntries(csrf.cookies);
  const answer = await nextAuth(["callback", "credentials"], { method: "POST", cookies, body: { csrfToken, token, json: "true" }, address });
  return answer.cookies.get(SESSION_COOKIE) || undefined;
}

const session = (cookie: string) => nextAuth(["session"], { cookies: { [SESSION_COOKIE]: cookie } });

/** What GET /api/auth/session answers, and whether it set the cookie again or cleared it. */
async function sessionEndpoint(cookie: string) {
  const answer = await session(cookie);
  const next = answer.cookies.get(SESSION_COOKIE);
  return { body: answer.body, cookie: next === undefined ? "untouched" : next === "" ? "cleared" : "reissued" };
}

describe("a session", () => {
  it("carries name, role and token id, never the fingerprint of ADMIN_TOKEN", async () => {
    const cookie = (await signIn(ADMIN_TOKEN))!;
    expect(await sessionEndpoint(cookie)).toEqual({
      body: { user: { name: "admin (ADMIN_TOKEN)", role: "admin", tokenId: null }, expires: expect.any(String) },
      cookie: "reissued",
    });
  });

  it("from ADMIN_TOKEN ends when ADMIN_TOKEN changes or is unset, at /api/auth/session too", async () => {
    const cookie = (await signIn(ADMIN_TOKEN))!;
    const rotate = setEnv({ ADMIN_TOKEN: "second-admin-token-0123456789" });
    try {
      expect(await sessionEndpoint(cookie)).toEqual({ body: {}, cookie: "cleared" });
      expect(await getServerSession({ headers: {}, cookies: { [SESSION_COOKIE]: cookie } } as never, { setHeader() {}, getHeader() {} } as never, await authOptions())).toBeNull();
      // A session made from the new token holds.
      expect((await sessionEndpoint((await signIn("second-admin-token-0123456789"))!)).cookie).toBe("reissued");
    } finally {
      rotate();
    }
    const unset = setEnv({ ADMIN_TOKEN: undefined });
    try {
      expect(await sessionEndpoint(cookie)).toEqual({ body: {}, cookie: "cleared" });
    } finally {
      unset();
    }
  });

  it("from a stored token ends when the token is revoked", async () => {
    const { token } = await createToken({ name: "session-mod", role: "moderator" }, "test");
    const cookie = (await signIn(token))!;
    expect((await sessionEndpoint(cookie)).body).toMatchObject({ user: { name: "session-mod", role: "moderator" } });
    await revokeToken("session-mod", "test");
    expect(await sessionEndpoint(cookie)).toEqual({ body: {}, cookie: "cleared" });
  });

  it("ends when its claims are stale: from an older version, or naming another role than its token has", async () => {
    const secret = await sessionSecret();
    const old = await encode({ token: { name: "admin (ADMIN_TOKEN)", role: "admin", tokenId: null }, secret });
    expect(await sessionEndpoint(old)).toEqual({ body: {}, cookie: "cleared" });
    const { token } = await createToken({ name: "session-triage", role: "triage" }, "test");
    const cookie = (await signIn(token))!;
    const id = ((await session(cookie)).body as { user: { tokenId: number } }).user.tokenId;
    const promoted = await encode({ token: { name: "session-triage", role: "admin", tokenId: id }, secret });
    expect(await sessionEndpoint(promoted)).toEqual({ body: {}, cookie: "cleared" });
  });
});

describe("the login form", () => {
  it("counts a wrong token against the address, and gives no session", async () => {
    for (let i = 0; i < 3; i++) expect(await signIn("wdn_guess", "192.0.2.81")).toBeUndefined();
    expect(credentialRefusal("192.0.2.81")).toMatchObject({ code: "rate_limited" });
    expect(credentialRefusal("192.0.2.82")).toBeNull();
  });
});
