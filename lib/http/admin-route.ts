import { authorizeRequest } from "@/lib/auth/authorize-request";
import type { Action, Principal } from "@/lib/auth/permissions";
import { adminErrorResponse } from "./admin";

export type AdminContext<Params> = {
  request: Request;
  principal: Principal;
  params: Params;
  requestId: string | undefined;
};

/**
 * Wraps an admin JSON API handler: authorize for `action`, run, and map any error
 * to `{ error: { code, message } }`. Handlers only parse, call the domain, return.
 */
export function adminRoute<Params = Record<string, never>>(
  action: Action,
  handler: (context: AdminContext<Params>) => Promise<Response>,
) {
  return async (request: Request, context: { params: Promise<Params> }): Promise<Response> => {
    const requestId = request.headers.get("x-request-id") ?? undefined;
    try {
      const principal = await authorizeRequest(request, action);
      return await handler({ request, principal, params: await context.params, requestId });
    } catch (error) {
      return adminErrorResponse(error, requestId);
    }
  };
}
