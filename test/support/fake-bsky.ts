// A fake Bluesky PDS with the chat service behind it, speaking the XRPC wire protocol
// of the few endpoints the moderator DM bot uses, so that the real @atproto/api client
// runs against it. Errors use the names and messages the real services answer with.
import { createHash, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { lexicons } from "@atproto/api";

export const CHAT_PROXY = "did:web:api.bsky.chat#bsky_chat";

export type FakeBskyOptions = {
  bot: { handle: string; password: string };
  /** Handles of the other accounts the server knows. */
  users: string[];
  /** Handles whose chat settings refuse the bot: getConvoForMembers answers 400. */
  dmsClosed?: string[];
};
export type SentMessage = { convoId: string; recipientDid: string; text: string };
export type FakeBsky = {
  url: string;
  /** Messages the chat service accepted, in order. */
  messages: SentMessage[];
  /** Every XRPC call received, with its atproto-proxy header. */
  calls: { nsid: string; proxy: string | undefined }[];
  didOf(handle: string): string;
  /** Sessions created and not yet deleted. */
  openSessions(): number;
  close(): Promise<void>;
};

type Session = { did: string; handle: string; accessJwt: string; refreshJwt: string };
type Reply = { status: number; body: unknown };

class XrpcFailure extends Error {
  constructor(readonly status: number, readonly error: string, message: string) {
    super(message);
  }
}

const didOf = (handle: string) => `did:plc:${createHash("sha256").update(handle).digest("hex").slice(0, 24)}`;
const token = (kind: string) => `${kind}-${randomBytes(16).toString("hex")}`;

export async function startFakeBsky(options: FakeBskyOptions): Promise<FakeBsky> {
  const handles = new Map([options.bot.handle, ...options.users].map((handle) => [handle, didOf(handle)]));
  const handleOf = new Map([...handles].map(([handle, did]) => [did, handle]));
  const closed = new Set((options.dmsClosed ?? []).map(didOf));
  const sessions: Session[] = [];
  const convos = new Map<string, { id: string; members: string[] }>();
  const messages: SentMessage[] = [];
  const calls: FakeBsky["calls"] = [];
  let rev = 0;
  const nextRev = () => `3l${String(++rev).padStart(11, "0")}`;

  const server = createServer((request, response) => {
    void answer(request).then(
      (reply) => send(response, reply),
      (error: unknown) =>
        error instanceof XrpcFailure
          ? send(response, { status: error.status, body: { error: error.error, message: error.message } })
          : send(response, { status: 500, body: { error: "InternalServerError", message: "Internal Server Error" } }),
    );
  });

  const sessionFor = (request: IncomingMessage, kind: "accessJwt" | "refreshJwt"): Session => {
    const bearer = /^Bearer (\S+)$/.exec(request.headers.authorization ?? "")?.[1];
    if (!bearer) throw new XrpcFailure(401, "AuthenticationRequired", "Authentication Required");
    const session = sessions.find((candidate) => candidate[kind] === bearer);
    if (!session) throw new XrpcFailure(400, "InvalidToken", "Token could not be verified");
    return session;
  };
  // The chat service is only reachable through the PDS's proxy, with the user's session.
  const chatSession = (request: IncomingMessage): Session => {
    const session = sessionFor(request, "accessJwt");
    if (request.headers["atproto-proxy"] !== CHAT_PROXY) {
      throw new XrpcFailure(400, "InvalidRequest", `chat methods need the atproto-proxy header ${CHAT_PROXY}`);
    }
    return session;
  };
  // What getSession describes; createSession and refreshSession add the tokens.
  const sessionView = ({ did, handle }: Session) => ({
    did,
    handle,
    didDoc: {
      "@context": ["https://www.w3.org/ns/did/v1"],
      id: did,
      alsoKnownAs: [`at://${handle}`],
      service: [{ id: "#atproto_pds", type: "AtprotoPersonalDataServer", serviceEndpoint: url }],
    },
    email: `${handle}@mail.test`,
    emailConfirmed: true,
    active: true,
  });
  const profile = (did: string) => ({ did, handle: handleOf.get(did)! });

  async function answer(request: IncomingMessage): Promise<Reply> {
    const { pathname, searchParams } = new URL(request.url ?? "/", url);
    const nsid = pathname.replace(/^\/xrpc\//, "");
    const proxy = request.headers["atproto-proxy"];
    calls.push({ nsid, proxy: typeof proxy === "string" ? proxy : undefined });
    const route = `${request.method} ${nsid}`;

    if (route === "POST com.atproto.server.createSession") {
      const { identifier, password } = (await readJson(request)) as { identifier?: string; password?: string };
      const did = identifier === options.bot.handle || identifier === didOf(options.bot.handle) ? didOf(options.bot.handle) : undefined;
      if (!did || password !== options.bot.password) {
        throw new XrpcFailure(401, "AuthenticationRequired", "Invalid identifier or password");
      }
      const session = { did, handle: options.bot.handle, accessJwt: token("access"), refreshJwt: token("refresh") };
      sessions.push(session);
      return { status: 200, body: { ...sessionView(session), accessJwt: session.accessJwt, refreshJwt: session.refreshJwt } };
    }
    if (route === "POST com.atproto.server.refreshSession") {
      const session = sessionFor(request, "refreshJwt");
      Object.assign(session, { accessJwt: token("access"), refreshJwt: token("refresh") });
      return { status: 200, body: { ...sessionView(session), accessJwt: session.accessJwt, refreshJwt: session.refreshJwt } };
    }
    if (route === "GET com.atproto.server.getSession") {
      return { status: 200, body: sessionView(sessionFor(request, "accessJwt")) };
    }
    if (route === "POST com.atproto.server.deleteSession") {
      sessions.splice(sessions.indexOf(sessionFor(request, "refreshJwt")), 1);
      return { status: 200, body: undefined };
    }
    if (route === "GET com.atproto.identity.resolveHandle") {
      const did = handles.get(searchParams.get("handle") ?? "");
      // What the PDS answers for a handle it cannot resolve.
      if (!did) throw new XrpcFailure(400, "InvalidRequest", "Unable to resolve handle");
      return { status: 200, body: { did } };
    }
    if (route === "GET chat.bsky.convo.getConvoForMembers") {
      const session = chatSession(request);
      const members = searchParams.getAll("members");
      if (members.length !== 1) throw new XrpcFailure(400, "InvalidRequest", "expected one member besides the caller");
      const recipient = members[0]!;
      if (!handleOf.has(recipient)) throw new XrpcFailure(400, "InvalidRequest", "recipient does not exist");
      // What the chat service answers when the recipient's chat settings refuse the caller.
      if (closed.has(recipient)) throw new XrpcFailure(400, "InvalidRequest", "recipient has disabled incoming messages");
      const key = [session.did, recipient].sort().join(" ");
      const convo = convos.get(key) ?? { id: `convo${convos.size + 1}`, members: [session.did, recipient] };
      convos.set(key, convo);
      return {
        status: 200,
        body: { convo: { id: convo.id, rev: nextRev(), members: convo.members.map(profile), muted: false, unreadCount: 0 } },
      };
    }
    if (route === "POST chat.bsky.convo.sendMessage") {
      const session = chatSession(request);
      const input = await readJson(request);
      try {
        // The chat service validates its input against the lexicon (text length included).
        lexicons.assertValidXrpcInput("chat.bsky.convo.sendMessage", input);
      } catch (error) {
        throw new XrpcFailure(400, "InvalidRequest", error instanceof Error ? error.message : String(error));
      }
      const { convoId, message } = input as { convoId: string; message: { text: string } };
      const convo = [...convos.values()].find((candidate) => candidate.id === convoId);
      if (!convo || !convo.members.includes(session.did)) throw new XrpcFailure(400, "InvalidConvo", "Convo not found");
      const recipientDid = convo.members.find((member) => member !== session.did)!;
      messages.push({ convoId, recipientDid, text: message.text });
      return {
        status: 200,
        body: { id: `msg${messages.length}`, rev: nextRev(), text: message.text, sender: { did: session.did }, sentAt: new Date().toISOString() },
      };
    }
    throw new XrpcFailure(501, "MethodNotImplemented", "Method Not Implemented");
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    messages,
    calls,
    didOf,
    openSessions: () => sessions.length,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch {
    throw new XrpcFailure(400, "InvalidRequest", "Request body is not valid JSON");
  }
}

function send(response: ServerResponse, { status, body }: Reply): void {
  if (body === undefined) return void response.writeHead(status).end();
  response.writeHead(status, { "content-type": "application/json; charset=utf-8" }).end(JSON.stringify(body));
}
