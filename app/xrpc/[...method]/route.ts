import { AppError } from "@/lib/errors";
import { preflight, route } from "@/lib/http/route";

/** Every other XRPC method: this labeler does not implement it (xrpc spec, 501). */
const notImplemented = route({ auth: "public", errors: "xrpc", cors: true }, ({ request }) => {
  const method = new URL(request.url).pathname.slice("/xrpc/".length, "/xrpc/".length + 200);
  throw new AppError("not_implemented", `Method not implemented: ${method}`);
});

export { notImplemented as GET, notImplemented as POST };
export const OPTIONS = preflight(["GET", "POST"]);
