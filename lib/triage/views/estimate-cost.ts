import type { TokenUsage } from "../verdicts";

export type ModelPrice = { family: "Haiku" | "Sonnet" | "Opus"; inputPerMTok: number; outputPerMTok: number };

// USD per million tokens from Anthropic's public price list (late 2025). The first
// match wins, so a generation priced apart from its family comes before the family.
const prices: { match: RegExp; price: ModelPrice }[] = [
  { match: /3-5-haiku/, price: { family: "Haiku", inputPerMTok: 0.8, outputPerMTok: 4 } },
  { match: /3-haiku/, price: { family: "Haiku", inputPerMTok: 0.25, outputPerMTok: 1.25 } },
  { match: /haiku/, price: { family: "Haiku", inputPerMTok: 1, outputPerMTok: 5 } },
  { match: /sonnet/, price: { family: "Sonnet", inputPerMTok: 3, outputPerMTok: 15 } },
  { match: /opus-4-[5-9]|opus-[5-9]/, price: { family: "Opus", inputPerMTok: 5, outputPerMTok: 25 } },
  { match: /opus/, price: { family: "Opus", inputPerMTok: 15, outputPerMTok: 75 } },
];

// Prompt caching: a cache read costs a tenth of an input token, a cache write a quarter more.
const CACHE_READ_FACTOR = 0.1;
const CACHE_WRITE_FACTOR = 1.25;

export function modelPrice(model: string): ModelPrice | null {
  const id = model.toLowerCase();
  return prices.find(({ match }) => match.test(id))?.price ?? null;
}

/** An estimate in USD from list prices (no discounts, no batch pricing); null for a model not in the table. */
export function estimateCostUsd(model: string, usage: TokenUsage): number | null {
  const price = modelPrice(model);
  if (!price) return null;
  const input =
    usage.inputTokens + usage.cacheReadTokens * CACHE_READ_FACTOR + usage.cacheWriteTokens * CACHE_WRITE_FACTOR;
  return (input * price.inputPerMTok + usage.outputTokens * price.outputPerMTok) / 1_000_000;
}
