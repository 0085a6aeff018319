// A local stand-in for the Anthropic Messages API: a real HTTP server that the real SDK
// drives through `baseURL`. It reads the items of each request with readItems, answers
// them through the tool the request forces, and can be scripted to fail in the ways the
// real API does (429 with retry-after, 5xx, slow answers, bodies that are not JSON,
// tool inputs of any shape).
import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type Anthropic from "@anthropic-ai/sdk";
import { readItems } from "@/lib/triage/model/prompts";
import type { Pipeline, TriageItem } from "@/lib/triage/verdicts";

/** The only key the fake accepts. */
export const FAKE_API_KEY = "sk-ant-fake-key-for-tests";

export type FakeDecision = { verdict: string; reason: string; confidence: number };

/**
 * What to do with one request instead of answering normally; the fields combine
 * (`{ delayMs: 500, status: 500 }` answers 500 after half a second).
 */
export type FakeOverride = {
  /** Answer with this HTTP status and Anthropic's error body (retry-after in seconds, with 429 or 529). */
  status?: number;
  retryAfter?: number;
  /** Wait before answering, on top of `latencyMs`. */
  delayMs?: number;
  /** Answer 200 with this body as application/json, e.g. malformed JSON. */
  rawBody?: string;
  /** Answer with this tool input instead of the decided verdicts. */
  toolInput?: unknown;
  /** Answer with a text block only, no tool_use (as a refusal would). */
  text?: string;
};

/** A scripted answer whose tool input is these verdict entries exactly as given (malformed ones included). */
export const toolVerdicts = (verdicts: unknown[]): FakeOverride => ({ toolInput: { verdicts } });

export type FakeOptions = {
  /** Delay before every answer. */
  latencyMs?: number;
  /** Further delay per output token of the answer, as a model's generation takes (time to first token is `latencyMs`). */
  msPerOutputToken?: number;
  /** The verdict for one item, or undefined to leave it out of the answer. Default: `defaultDecide`. */
  decide?: (item: TriageItem, pipeline: Pipeline) => FakeDecision | undefined;
  /** Overrides consumed one per request, in order; once used up, requests are answered normally. */
  script?: FakeOverride[];
};

/** A request that passed the key and version checks and held an items block. */
export type FakeRequest = {
  /** Request headers, without the credentials. */
  headers: IncomingHttpHeaders;
  body: Anthropic.MessageCreateParamsNonStreaming;
  /** The pipeline told from the tool's verdict enum. */
  pipeline: Pipeline;
  /** The items read back from the user message. */
  items: TriageItem[];
  /** Date.now() when the request arrived. */
  at: number;
};

export type FakeAnthropic = { url: string; requests: FakeRequest[]; close(): Promise<void> };

/**
 * The default answers. flags: VIOLATION (0.9) when data.highest_score is at least 0.99,
 * otherwise FALSE_POSITIVE (0.95). relay: approve (0.9). reports: needs_human (0.8).
 */
export function defaultDecide(item: TriageItem, pipeline: Pipeline): FakeDecision {
  if (pipeline === "relay") return { verdict: "approve", reason: "An ordinary note.", confidence: 0.9 };
  if (pipeline === "reports") return { verdict: "needs_human", reason: "The reports describe a possible problem.", confidence: 0.8 };
  const score = item.data.highest_score;
  return typeof score === "number" && score >= 0.99
    ? { verdict: "VIOLATION", reason: "A near-exact match to another artist's release.", confidence: 0.9 }
    : { verdict: "FALSE_POSITIVE", reason: "The matches look like fingerprint noise.", confidence: 0.95 };
}

const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  529: "overloaded_error",
};

/** Rough token count: about four characters a token. */
const tokens = (text: string) => Math.ceil(text.length / 4);

const textOf = (content: unknown): string =>
  typeof content === "string"
    ? content
    : Array.isArray(content)
      ? content.map((block: { type?: string; text?: string }) => (block.type === "text" ? (block.text ?? "") : "")).join("")
      : "";

/** relay's enum holds "approve"; without a tool, the system prompt names Nostr. */
function pipelineOf(body: Anthropic.MessageCreateParamsNonStreaming): Pipeline {
  const schema = JSON.stringify((body.tools?.[0] as Anthropic.Tool | undefined)?.input_schema ?? {});
  if (schema.includes('"approve"')) return "relay";
  if (schema.includes('"FALSE_POSITIVE"')) return "flags";
  if (schema.includes('"dismiss"')) return "reports";
  return textOf(body.system).includes("Nostr") ? "relay" : "flags";
}

export async function startFakeAnthropic(options: FakeOptions = {}): Promise<FakeAnthropic> {
  const decide = options.decide ?? defaultDecide;
  const script = [...(options.script ?? [])];
  const requests: FakeRequest[] = [];
  const cachedPrefixes = new Set<string>();
  let counter = 0;

  const sendJson = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    if (response.destroyed) return;
    response.writeHead(status, { "content-type": "application/json", "request-id": `req_fake_${++counter}`, ...headers });
    response.end(typeof body === "string" ? body : JSON.stringify(body));
  };
  const sendError = (response: ServerResponse, status: number, message: string, headers?: Record<string, string>) =>
    sendJson(response, status, { type: "error", error: { type: ERROR_TYPES[status] ?? "api_error", message } }, headers);

  /** Sends after `ms`; a client that gave up (timeout, abort) or a closing server ends the wait. */
  const later = (response: ServerResponse, ms: number, send: () => void) => {
    if (ms <= 0) return send();
    const timer = setTimeout(send, ms);
    response.once("close", () => clearTimeout(timer));
  };

  const answer = (response: ServerResponse, body: Anthropic.MessageCreateParamsNonStreaming, request: FakeRequest, override: FakeOverride, delayMs: number) => {
    if (override.status) {
      const headers: Record<string, string> = override.retryAfter === undefined ? {} : { "retry-after": String(override.retryAfter) };
      return later(response, delayMs, () => sendError(response, override.status!, `Scripted ${override.status}`, headers));
    }
    if (override.rawBody !== undefined) return later(response, delayMs, () => sendJson(response, 200, override.rawBody));

    const toolName = body.tool_choice?.type === "tool" ? body.tool_choice.name : ((body.tools?.[0] as Anthropic.Tool | undefined)?.name ?? "tool");
    const decided = () =>
      request.items.flatMap((item) => {
        const decision = decide(item, request.pipeline);
        return decision ? [{ id: item.id, verdict: decision.verdict, reason: decision.reason, confidence: decision.confidence }] : [];
      });
    const input = "toolInput" in override ? override.toolInput : { verdicts: decided() };
    const content =
      override.text !== undefined
        ? [{ type: "text", text: override.text }]
        : [{ type: "tool_use", id: `toolu_fake_${counter + 1}`, name: toolName, input, caller: { type: "direct" } }];

    // The cached prefix is the tools and the system prompt, up to the block marked with
    // cache_control: written on its first use, read afterwards.
    const systemBlocks = Array.isArray(body.system) ? body.system : [];
    const prefix = JSON.stringify(body.tools ?? []) + textOf(body.system);
    const cacheable = systemBlocks.some((block) => block.cache_control?.type === "ephemeral");
    const prefixTokens = tokens(prefix);
    const hit = cacheable && cachedPrefixes.has(prefix);
    if (cacheable) cachedPrefixes.add(prefix);
    const userTokens = tokens(body.messages.map((message) => textOf(message.content)).join(""));
    const outputTokens = tokens(JSON.stringify(content));
    const generationMs = outputTokens * (options.msPerOutputToken ?? 0);
    later(response, delayMs + generationMs, () => sendJson(response, 200, {
      id: `msg_fake_${randomBytes(8).toString("hex")}`,
      type: "message",
      role: "assistant",
      model: body.model,
      content,
      stop_reason: override.text !== undefined ? "end_turn" : "tool_use",
      stop_sequence: null,
      stop_details: null,
      container: null,
      diagnostics: null,
      usage: {
        input_tokens: userTokens + (cacheable ? 0 : prefixTokens),
        output_tokens: outputTokens,
        cache_creation_input_tokens: cacheable && !hit ? prefixTokens : 0,
        cache_read_input_tokens: hit ? prefixTokens : 0,
        service_tier: "standard",
      },
    }));
  };

  const server = createServer((req, response) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (req.method !== "POST" || req.url?.split("?")[0] !== "/v1/messages") return sendError(response, 404, "Not found");
      // The SDK sends the API key as a bearer token; x-api-key is the older header. Either works.
      const { "x-api-key": apiKey, authorization, ...headers } = req.headers;
      if (apiKey !== FAKE_API_KEY && authorization !== `Bearer ${FAKE_API_KEY}`) return sendError(response, 401, "invalid x-api-key");
      if (!headers["anthropic-version"]) return sendError(response, 400, "anthropic-version: header is required");
      let body: Anthropic.MessageCreateParamsNonStreaming;
      let items: TriageItem[];
      try {
        body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
        items = readItems(textOf(body.messages[0]?.content));
      } catch (error) {
        return sendError(response, 400, `Invalid request: ${(error as Error).message}`);
      }
      const request: FakeRequest = { headers, body, pipeline: pipelineOf(body), items, at: Date.now() };
      requests.push(request);
      const override = script.shift() ?? {};
      answer(response, body, request, override, (options.latencyMs ?? 0) + (override.delayMs ?? 0));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
