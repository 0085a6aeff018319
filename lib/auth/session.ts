import type { AuthOptions } from "next-auth";
import { getServerSession } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { redirect } from "next/navigation";
import { cache } from "react";
import { authenticateToken, isPrincipalActive } from "./authenticate";
import { clearLoginFailures, clientAddress, recordLoginFailure } from "./login-throttle";
import { roles, type Principal, type Role } from "./permissions";
import { sessionSecret } from "./session-secret";

const SESSION_HOURS = 12;

/** next-auth's options: one Credentials provider that exchanges a token for a session cookie. */
export async function authOptions(): Promise<AuthOptions> {
  return {
    secret: await sessionSecret(),
    session: { strategy: "jwt", maxAge: SESSION_HOURS * 3600 },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "Token",
        credentials: { token: { label: "Token", type: "password" } },
        async authorize(credentials, request) {
          const address = clientAddress(new Headers(request?.headers as Record<string, string> | undefined));
          const token = typeof credentials?.token === "string" ? credentials.token.trim() : "";
          const principal = token ? await authenticateToken(token) : null;
          if (!principal) {
            recordLoginFailure(address);
            return null;
          }
          clearLoginFailures(address);
          return { id: principal.name, name: principal.name, role: principal.role, tokenId: principal.tokenId };
        },
      }),
    ],
    callbacks: {
      // The session carries who and which role, never the token itself.
      jwt({ token, user }) {
        if (user) {
          const signedIn = user as unknown as Principal;
          token.role = signedIn.role;
          token.tokenId = signedIn.tokenId;
        }
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
 * The signed-in principal of this request, or null (also when its token was revoked
 * since). Cached per request: the layout and the page both ask.
 */
export const currentPrincipal = cache(async (): Promise<Principal | null> => {
  const session = await getServerSession(await authOptions());
  const user = session?.user as { name?: string | null; role?: string; tokenId?: number | null } | undefined;
  if (!user?.name || !roles.includes(user.role as Role)) return null;
  const principal: Principal = { name: user.name, role: user.role as Role, tokenId: user.tokenId ?? null };
  return (await isPrincipalActive(principal)) ? principal : null;
});

/** For server pages: the principal, or a redirect to the login page that comes back to `path`. */
export async function requirePagePrincipal(path: string): Promise<Principal> {
  const principal = await currentPrincipal();
  if (!principal) redirect(`/login?callbackUrl=${encodeURIComponent(path)}`);
  return principal;
}
