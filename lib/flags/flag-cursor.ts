import { z } from "zod";
import { AppError } from "@/lib/errors";
import { isSafeText } from "@/lib/http/unsafe-text";

/**
 * Where the next page of the flag list starts (keyset, exclusive). Opaque to callers:
 * base64url JSON of the last row's sort key. Sorting by score walks the scored flags
 * first, (score, uri, seq) descending, then the unscored ones by seq.
 */
const cursorSchema = z.discriminatedUnion("k", [
  z.object({ k: z.literal("newest"), seq: z.number().int().positive() }),
  // The request pipeline sees only base64: the text inside is checked here (PostgreSQL refuses a NUL).
  z.object({ k: z.literal("scored"), score: z.number().finite(), uri: z.string().max(8192).refine(isSafeText), seq: z.number().int().positive() }),
  z.object({ k: z.literal("unscored"), seq: z.number().int().positive() }),
]);

export type FlagCursor = z.infer<typeof cursorSchema>;

export function encodeCursor(cursor: FlagCursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString("base64url");
}

/** 400 for anything that is not a cursor this service handed out. */
export function decodeCursor(text: string): FlagCursor {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
  } catch {
    throw new AppError("invalid_request", "cursor: not a cursor from a previous page");
  }
}
