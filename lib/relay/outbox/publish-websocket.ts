import WebSocket from "ws";
import { z } from "zod";
import type { NostrEvent } from "../policy/nostr-event";
import { failAll, type DeliveryResult, type Publisher } from "./publisher";

const okMessageSchema = z.tuple([z.literal("OK"), z.string(), z.boolean()]).rest(z.unknown());

/**
 * Publishes over the relay's own websocket (NIP-01): `["EVENT", event]`, then waits
 * for `["OK", id, accepted, message]`. "duplicate:" means the relay already has
 * it, which counts as delivered. The relay's write policy (our plugin) accepts the
 * event because its id is approved.
 */
export function websocketPublisher(url: string, timeoutMs = 10_000): Publisher {
  return { name: `websocket ${withoutCredentials(url)}`, publish: (events) => publishOverWebsocket(url, events, timeoutMs) };
}

function publishOverWebsocket(url: string, events: NostrEvent[], timeoutMs: number): Promise<Map<string, DeliveryResult>> {
  const results = new Map<string, DeliveryResult>();
  const waiting = new Set(events.map((event) => event.id));
  return new Promise((resolve) => {
    let finished = false;
    const socket = new WebSocket(url, { handshakeTimeout: timeoutMs });
    const finish = (error?: string) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      for (const [id, result] of failAll(events.filter((event) => waiting.has(event.id)), error ?? "no answer")) results.set(id, result);
      socket.removeAllListeners();
      socket.on("error", () => {});
      socket.terminate();
      resolve(results);
    };
    const timer = setTimeout(() => finish(`no OK from the relay within ${timeoutMs / 1000} s`), timeoutMs);
    socket.on("open", () => {
      for (const event of events) socket.send(JSON.stringify(["EVENT", event]));
    });
    socket.on("message", (data) => {
      const ok = parseOk(data.toString());
      if (!ok || !waiting.delete(ok.id)) return;
      results.set(ok.id, ok.accepted || ok.message.startsWith("duplicate:") ? { ok: true } : { ok: false, error: `relay refused: ${ok.message || "no reason given"}` });
      if (waiting.size === 0) finish();
    });
    socket.on("error", (error) => finish(`cannot reach the relay: ${error.message}`));
    socket.on("close", () => finish("the relay closed the connection"));
  });
}

function parseOk(text: string): { id: string; accepted: boolean; message: string } | null {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = okMessageSchema.safeParse(json);
  if (!parsed.success) return null;
  const [, id, accepted, message] = parsed.data;
  return { id, accepted, message: typeof message === "string" ? message.slice(0, 300) : "" };
}

function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    parsed.username = "";
    parsed.password = "";
    return parsed.href;
  } catch {
    return "(invalid url)";
  }
}
