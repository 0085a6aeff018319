import { AtpAgent, XRPCError } from "@atproto/api";
import { env } from "@/lib/env";
import { logger } from "@/lib/log";

/**
 * Bluesky DMs from Warden's bot account: to moderators when a review batch is waiting, and
 * to reporters when a moderator tells them the outcome of their report. The bot logs in with an
 * app password, resolves each recipient's handle through its own PDS, and talks to the
 * chat service through the PDS's service proxy (the chat service only accepts proxied
 * calls). Delivery is best effort: every failure is reported per recipient, never thrown.
 */

const CHAT_SERVICE_DID = "did:web:api.bsky.chat";
// chat.bsky.convo.defs#messageInput: text has maxGraphemes 1000 and maxLength 10000
// (lexicon string lengths count UTF-8 bytes); the chat service rejects anything longer.
const MAX_GRAPHEMES = 1000;
const MAX_BYTES = 10_000;
const ELLIPSIS = "…";
// Triage runs from cron on a time budget; a hung PDS must not hold it.
const REQUEST_TIMEOUT_MS = 15_000;

export type NotifyOptions = { service?: string; handle?: string; password?: string; recipients?: string[] };
export type NotifyResult = { sent: string[]; failed: { handle: string; error: string }[] };

/** Sends `text` to every recipient; options override the environment. */
export async function notifyModerators(text: string, options: NotifyOptions = {}): Promise<NotifyResult> {
  const recipients = options.recipients ?? env().NOTIFY_RECIPIENTS ?? [];
  const result = await sendDirectMessages(recipients.map((to) => ({ to, text })), options);
  const outcome = { sent: result.sent, failed: result.failed.map(({ to, error }) => ({ handle: to, error })) };
  if (outcome.failed.length > 0) logger.warn(outcome, "moderator notification partly failed");
  else if (outcome.sent.length > 0) logger.info(outcome, "moderators notified");
  return outcome;
}

export type DirectMessage = { /** A handle, or a DID (no look-up needed). */ to: string; text: string };
export type DirectMessageResult = { sent: string[]; failed: { to: string; error: string }[] };

/** Whether the bot account that sends DMs is configured (recipients aside). */
export const dmSenderConfigured = (): boolean => Boolean(env().NOTIFY_BOT_HANDLE && env().NOTIFY_BOT_PASSWORD);

/**
 * Sends each message from the bot account, in one session. Best effort: every failure is
 * reported per recipient, never thrown.
 */
export async function sendDirectMessages(messages: DirectMessage[], options: Omit<NotifyOptions, "recipients"> = {}): Promise<DirectMessageResult> {
  const service = options.service ?? env().BSKY_SERVICE;
  const handle = options.handle ?? env().NOTIFY_BOT_HANDLE;
  const password = options.password ?? env().NOTIFY_BOT_PASSWORD;
  const failAll = (error: string): DirectMessageResult => {
    logger.warn({ recipients: messages.length, error }, "direct messages not sent");
    return { sent: [], failed: messages.map(({ to }) => ({ to, error })) };
  };
  if (messages.length === 0) return { sent: [], failed: [] };
  if (!handle || !password) return failAll("no notification bot configured (NOTIFY_BOT_HANDLE, NOTIFY_BOT_PASSWORD)");

  // Error texts come from remote servers; make sure none can echo the password back.
  const describe = (error: unknown) => describeError(error).replaceAll(password, "[redacted]");
  const agent = new AtpAgent({
    service,
    fetch: (input, init) => fetch(input, { ...init, signal: init?.signal ?? AbortSignal.timeout(REQUEST_TIMEOUT_MS) }),
  });
  try {
    await agent.login({ identifier: handle, password });
  } catch (error) {
    return failAll(`bot login as ${handle} on ${service} failed: ${describe(error)}`);
  }

  const chat = agent.withProxy("bsky_chat", CHAT_SERVICE_DID);
  const result: DirectMessageResult = { sent: [], failed: [] };
  for (const { to, text } of messages) {
    try {
      const did = to.startsWith("did:") ? to : (await agent.com.atproto.identity.resolveHandle({ handle: to })).data.did;
      const { convo } = (await chat.chat.bsky.convo.getConvoForMembers({ members: [did] })).data;
      await chat.chat.bsky.convo.sendMessage({ convoId: convo.id, message: { text: fitChatMessage(text) } });
      result.sent.push(to);
    } catch (error) {
      result.failed.push({ to, error: describe(error) });
    }
  }
  // Each call logs in afresh, so end the session rather than leave it open on the PDS.
  await agent.logout();
  return result;
}

/** Cuts text to what a chat message may hold, marking the cut with an ellipsis. */
function fitChatMessage(text: string): string {
  const graphemes = Array.from(new Intl.Segmenter().segment(text), (part) => part.segment);
  if (graphemes.length <= MAX_GRAPHEMES && Buffer.byteLength(text) <= MAX_BYTES) return text;
  let kept = "";
  let bytes = Buffer.byteLength(ELLIPSIS);
  for (const grapheme of graphemes.slice(0, MAX_GRAPHEMES - 1)) {
    bytes += Buffer.byteLength(grapheme);
    if (bytes > MAX_BYTES) break;
    kept += grapheme;
  }
  return kept + ELLIPSIS;
}

/** "InvalidRequest: recipient has disabled incoming messages", or the network cause. */
function describeError(error: unknown): string {
  if (error instanceof XRPCError && error.status >= 400) {
    return error.message === error.error ? error.message : `${error.error}: ${error.message}`;
  }
  // A failed fetch says only "fetch failed"; its causes say why ("connect ECONNREFUSED …").
  const messages: string[] = [];
  for (let cause = error, depth = 0; cause instanceof Error && depth < 5; cause = cause.cause, depth++) {
    const { message } = cause;
    if (!messages.some((seen) => seen.includes(message))) messages.push(message);
  }
  return messages.join(": ") || String(error);
}
