import { AppError } from "@/lib/errors";
import { route } from "@/lib/http/route";

// Websocket upgrades to this path are served by the custom server (server/upgrades.ts) and
// never reach Next; a plain HTTP request lands here.
export const GET = route({ auth: "public", errors: "xrpc", cors: true }, () => {
  const message = "subscribeLabels is a websocket stream: connect with Upgrade: websocket";
  return Response.json({ error: "InvalidRequest", message }, { status: 426, headers: { upgrade: "websocket" } });
});

const notAllowed = route({ auth: "public", errors: "xrpc", cors: true }, () => {
  throw new AppError("method_not_allowed", "subscribeLabels takes GET with Upgrade: websocket");
});

export { notAllowed as POST, notAllowed as PUT, notAllowed as PATCH, notAllowed as DELETE };
