import { z } from "zod";
import { AppError } from "@/lib/errors";

/**
 * Where the next page of the inbox starts (keyset, exclusive): the last row's sort
 * value and id, as base64url JSON. Opaque to callers; anything else is a 400.
 */
const cursorSchema = z.object({ s: z.enum(["recent", "oldest", "count"]), v: z.union([z.number().int(), z.iso.datetime()]), id: z.number().int().positive() });

export type SubjectCursor = z.infer<typeof cursorSchema>;

export const encodeSubjectCursor = (cursor: SubjectCursor): string => Buffer.from(JSON.stringify(cursor)).toString("base64url");

export function decodeSubjectCursor(text: string): SubjectCursor {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(text, "base64url").toString("utf8")));
  } catch {
    throw new AppError("invalid_request", "cursor: not a cursor from a previous page");
  }
}
