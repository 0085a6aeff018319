import type Anthropic from "@anthropic-ai/sdk";
import { z } from "zod";
import { verdictsByPipeline, type BatchAnswer, type ItemFailure, type ItemVerdict, type Pipeline, type TokenUsage, type TriageItem } from "../verdicts";
import { renderItems, systemPrompts, VERDICT_TOOL } from "./prompts";

export type ClassifyBatchInput = {
  client: Anthropic;
  model: string;
  pipeline: Pipeline;
  items: TriageItem[];
  signal?: AbortSignal;
};

const MAX_REASON_CHARS = 500;

// A one-sentence reason, a 64-character hex id and the JSON around them come to about
// 120-150 tokens; the cap stays below what the SDK allows without streaming.
const maxTokensFor = (count: number) => Math.min(200 + 160 * count, 16_000);

/** The only tool offered; its enum tells the model which verdicts this pipeline has. */
function verdictTool(pipeline: Pipeline): Anthropic.Tool {
  return {
    name: VERDICT_TOOL,
    description: "Record one verdict for every item of the items block.",
    input_schema: {
      type: "object",
      properties: {
        verdicts: {
          type: "array",
          items: {
            type: "object",
            properties: {
              id: { type: "string", description: "The item's id, exactly as given." },
              verdict: { type: "string", enum: [...verdictsByPipeline[pipeline]] },
              reason: { type: "string", description: "One sentence: the evidence for the verdict." },
              confidence: { type: "number", minimum: 0, maximum: 1 },
            },
            required: ["id", "verdict", "reason", "confidence"],
            additionalProperties: false,
          },
        },
      },
      required: ["verdicts"],
      additionalProperties: false,
    },
  };
}

/** Shows a bad value in an error without letting model output grow the message. */
const preview = (value: unknown) => (JSON.stringify(value) ?? String(value)).slice(0, 40);

function entrySchema(pipeline: Pipeline) {
  const allowed = verdictsByPipeline[pipeline];
  const range = "confidence must be a number from 0 to 1";
  return z.object({
    verdict: z.enum(allowed, {
      error: (issue) => (issue.input === undefined ? "verdict is missing" : `verdict ${preview(issue.input)} is not one of ${allowed.join(", ")}`),
    }),
    reason: z
      .string({ error: "reason is missing" })
      .trim()
      .min(1, "reason is empty")
      .transform((reason) => reason.slice(0, MAX_REASON_CHARS)),
    confidence: z.number({ error: range }).min(0, range).max(1, range),
  });
}

const entrySchemas = { flags: entrySchema("flags"), relay: entrySchema("relay"), reports: entrySchema("reports") };

// Only the outer shape is required here: each entry is checked on its own, so one bad
// entry costs one item, not the batch.
const toolInputSchema = z.object({ verdicts: z.array(z.unknown()) });

const idOf = (entry: unknown) =>
  typeof entry === "object" && entry !== null && "id" in entry && typeof entry.id === "string" ? entry.id : undefined;

/** Maps the model's tool call to one result per item sent; anything else in it is ignored. */
function readVerdicts(message: Anthropic.Message, pipeline: Pipeline, items: TriageItem[]): BatchAnswer["results"] {
  const everyItem = (error: string) => Object.fromEntries(items.map((item) => [item.id, { error }]));
  const call = message.content.find((block): block is Anthropic.ToolUseBlock => block.type === "tool_use" && block.name === VERDICT_TOOL);
  if (!call) return everyItem(`the model did not call ${VERDICT_TOOL} (stop_reason ${message.stop_reason})`);
  const input = toolInputSchema.safeParse(call.input);
  if (!input.success) return everyItem(`${VERDICT_TOOL} input is not an object with a verdicts array`);

  const entriesById = new Map<string, unknown[]>(items.map((item) => [item.id, []]));
  for (const entry of input.data.verdicts) {
    const id = idOf(entry);
    // An id that was not sent is ignored: the model cannot act on anything else.
    if (id !== undefined) entriesById.get(id)?.push(entry);
  }
  const results: Record<string, ItemVerdict | ItemFailure> = {};
  for (const [id, entries] of entriesById) {
    if (entries.length !== 1) {
      // Two answers for one item cannot both be trusted, even when they agree.
      results[id] = { error: entries.length === 0 ? "no verdict" : "more than one verdict for this id" };
      continue;
    }
    const parsed = entrySchemas[pipeline].safeParse(entries[0]);
    results[id] = parsed.success ? parsed.data : { error: parsed.error.issues.map((issue) => issue.message).join("; ") };
  }
  return results;
}

function tokenUsage(usage: Anthropic.Usage): TokenUsage {
  return {
    inputTokens: usage.input_tokens ?? 0,
    outputTokens: usage.output_tokens ?? 0,
    cacheReadTokens: usage.cache_read_input_tokens ?? 0,
    cacheWriteTokens: usage.cache_creation_input_tokens ?? 0,
  };
}

/**
 * Asks the model for a verdict on each item, in one call. Every item sent gets a result:
 * a validated verdict, or an error saying why not (the item then stays pending). A call
 * that fails after the SDK's own retries (an APIError, a timeout, an abort) throws, and
 * the caller leaves all of its items pending.
 */
export async function classifyBatch({ client, model, pipeline, items, signal }: ClassifyBatchInput): Promise<BatchAnswer> {
  if (items.length === 0) return { results: {}, usage: { inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, cacheWriteTokens: 0 } };
  const message = await client.messages.create(
    {
      model,
      max_tokens: maxTokensFor(items.length),
      // The system prompt (with the tool before it) is the same for every call of a
      // pipeline: cached, later calls pay for it at the cache-read rate.
      system: [{ type: "text", text: systemPrompts[pipeline], cache_control: { type: "ephemeral" } }],
      messages: [{ role: "user", content: renderItems(items) }],
      tools: [verdictTool(pipeline)],
      tool_choice: { type: "tool", name: VERDICT_TOOL, disable_parallel_tool_use: true },
    },
    { signal },
  );
  return { results: readVerdicts(message, pipeline, items), usage: tokenUsage(message.usage) };
}
