import type { AuthOptions } from "next-auth";
import { getServerSession } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { redirect } from "next/navigation";
import { cache } from "react";
import { clientAddress } from "@/lib/http/client-address";
import { logger } from "@/lib/log";
import { authenticateToken } from "./authenticate";
import { recordCredentialFailure } from "./credential-throttle";
import { roles, type Principal, type Role } from "./permissions";
import { sessionClaims, sessionPrincipal, type SessionClaims } from "./session-claims";
import { sessionSecret } from "./session-secret";

const SESSION_HOURS = 12;

/** Thrown by the jwt callback for a session that no longer holds; next-auth then drops it. */
class SessionEnded extends Error {}

/**
 * next-auth's options: one Credentials provider that exchanges a token for a session
 * cookie. The login throttle's check comes first, in the route (app/api/auth).
 */
export async function authOptions(): Promise<AuthOptions> {
  const secret = await sessionSecret();
  return {
    secret,
    session: { strategy: "jwt", maxAge: SESSION_HOURS * 3600 },
    pages: { signIn: "/login", error: "/login" },
    logger: nextAuthLogger,
    providers: [
      CredentialsProvider({
        name: "Token",
        credentials: { token: { label: "Token", type: "password" } },
        async authorize(credentials, request) {
          const token = typeof credentials?.token === "string" ? credentials.token.trim() : "";
          const principal = token ? await authenticateToken(token) : null;
          if (!principal) {
            if (token) recordCredentialFailure(clientAddress(new Headers(request?.headers as Record<string, string> | undefined)));
            return null;
          }
          return { id: principal.name, ...sessionClaims(principal, secret) };
        },
      }),
    ],
    callbacks: {
      // The session carries who, which role and what it was issued from, never the
      // token. Every read re-checks that it still holds (getServerSession and
      // GET /api/auth/session alike); when it does not, throwing makes next-auth
      // answer no session and clear the cookie instead of re-issuing it.
      async jwt({ token, user }) {
        if (user) {
          const { name, role, tokenId, adminKey } = user as unknown as SessionClaims;
          return { ...token, name, role, tokenId, ...(adminKey && { adminKey }) };
        }
        if (!(await sessionPrincipal(token, secret))) throw new SessionEnded("session ended");
        return token;
      },
      session({ session, token }) {
        session.user = { name: token.name, role: token.role as Role, tokenId: token.tokenId as number | null };
        return session;
      },
    },
  };
}

/**
 * next-auth's logs into ours. An ended session is routine; a cookie that does not
 * decode is the caller's problem (or the database failed during the check: the
 * session is refused either way, and the stack is kept).
 */
const nextAuthLogger: AuthOptions["logger"] = {
  error(code, metadata) {
    if (metadata instanceof SessionEnded) logger.debug({ code }, "session ended: its credential no longer holds");
    else if (code === "JWT_SESSION_ERROR") logger.warn({ code, err: metadata }, "session refused");
    else logger.error({ code, err: metadata }, "next-auth error");
  },
  warn(code) {
    logger.warn({ code }, "next-auth warning");
  },
  debug() {},
};

/**
 * The signed-in principal of this request, or null (also when its credential was
 * revoked or changed since: the jwt callback checks on every read). Cached per
 * request: the layout and the page both ask.
 */
export const currentPrincipal = cache(async (): Promise<Principal | null> => {
  const session = await getServerSession(await authOptions());
  const user = session?.user as { name?: string | null; role?: string; tokenId?: number | null } | undefined;
  if (!user?.name || !roles.includes(user.role as Role)) return null;
  return { name: user.name, role: user.role as Role, tokenId: user.tokenId ?? null };
});

/** For server pages: the principal, or a redirect to the login page that comes back to `path`. */
export async function requirePagePrincipal(path: string): Promise<Principal> {
  const principal = await currentPrincipal();
  if (!principal) redirect(`/login?callbackUrl=${encodeURIComponent(path)}`);
  return principal;
}
