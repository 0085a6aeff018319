import { AppError } from "@/lib/errors";
import { xrpcErrorResponse } from "@/lib/http/xrpc";

// Websocket upgrades to this path are served by the custom server (server/upgrades.ts) and
// never reach Next; a plain HTTP request lands here.
export function GET(): Response {
  const response = Response.json(
    { error: "InvalidRequest", message: "subscribeLabels is a websocket stream: connect with Upgrade: websocket" },
    { status: 426 },
  );
  response.headers.set("upgrade", "websocket");
  return response;
}

function notAllowed(): Response {
  return xrpcErrorResponse(new AppError("method_not_allowed", "subscribeLabels takes GET with Upgrade: websocket"));
}

export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
