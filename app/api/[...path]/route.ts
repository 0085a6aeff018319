import { AppError } from "@/lib/errors";
import { adminErrorResponse } from "@/lib/http/admin";

/** Unknown API paths answer JSON like every other API error, not an HTML page. */
function notFound(request: Request): Response {
  return adminErrorResponse(new AppError("not_found", `No API endpoint at ${new URL(request.url).pathname}`));
}

export { notFound as GET, notFound as POST, notFound as PUT, notFound as PATCH, notFound as DELETE };
