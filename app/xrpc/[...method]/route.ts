import { AppError } from "@/lib/errors";
import { xrpcErrorResponse } from "@/lib/http/xrpc";

/** Every other XRPC method: this labeler does not implement it (xrpc spec, 501). */
function notImplemented(request: Request): Response {
  const method = new URL(request.url).pathname.slice("/xrpc/".length, "/xrpc/".length + 200);
  return xrpcErrorResponse(new AppError("not_implemented", `Method not implemented: ${method}`));
}

export { notImplemented as GET, notImplemented as POST };
