import NextAuth from "next-auth";
import { clientAddress, loginRetryAfter } from "@/lib/auth/login-throttle";
import { authOptions } from "@/lib/auth/session";
import { adminErrorResponse } from "@/lib/http/admin";
import { AppError } from "@/lib/errors";

type Context = { params: Promise<{ nextauth: string[] }> };

async function handler(request: Request, context: Context): Promise<Response> {
  const { nextauth } = await context.params;
  if (request.method === "POST" && nextauth.join("/") === "callback/credentials") {
    const retryAfter = loginRetryAfter(clientAddress(request.headers));
    if (retryAfter !== null) {
      const response = adminErrorResponse(
        new AppError("rate_limited", "Too many failed logins from this address; try again later", { retryAfterSeconds: retryAfter }),
      );
      // next-auth's client parses `url` (absolute) from the answer to find the error.
      const body = { ...(await response.json()), url: new URL("/login?error=RateLimited", request.url).href };
      return Response.json(body, { status: 429, headers: response.headers });
    }
  }
  return NextAuth(request as never, context as never, await authOptions()) as Promise<Response>;
}

export { handler as GET, handler as POST };
