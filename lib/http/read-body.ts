import { AppError } from "@/lib/errors";

/**
 * Reads a request body, never holding more than `limit` bytes: a declared
 * Content-Length over the limit is refused before reading, and a chunked body is
 * cut off (and its stream cancelled) as soon as it passes the limit. 413 either way.
 */
export async function readBodyBytes(request: Request, limit: number): Promise<Uint8Array> {
  const tooLarge = () => new AppError("payload_too_large", `The body must be at most ${limit} bytes`, { limitBytes: limit });
  const declared = request.headers.get("content-length");
  if (declared !== null) {
    if (!/^\d+$/.test(declared)) throw new AppError("invalid_request", "Content-Length is not a number");
    if (Number(declared) > limit) throw tooLarge();
  }
  if (!request.body) return new Uint8Array();
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (let read = await reader.read(); !read.done; read = await reader.read()) {
    size += read.value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => {});
      throw tooLarge();
    }
    chunks.push(read.value);
  }
  return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Decodes a JSON body: 400 for bytes that are not UTF-8 or not JSON. */
export function parseJsonBytes(bytes: Uint8Array): unknown {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    throw new AppError("invalid_request", "The body is not valid UTF-8");
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("invalid_request", "Body is not valid JSON");
  }
}

/** The media type of a request without its parameters, lowercased ("" when absent). */
export function mediaType(request: Request): string {
  return (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
}
