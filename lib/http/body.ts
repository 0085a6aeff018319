import type { z } from "zod";
import { AppError } from "@/lib/errors";
import { describeZodError } from "./problems";

/** Reads a JSON body: 415 for another content type, 400 for malformed JSON or a bad field. */
export async function readJsonBody<S extends z.ZodType>(request: Request, schema: S): Promise<z.infer<S>> {
  const contentType = request.headers.get("content-type") ?? "";
  if (!/^application\/json\b/i.test(contentType)) {
    throw new AppError("unsupported_media_type", "Content-Type must be application/json");
  }
  let json: unknown;
  try {
    json = JSON.parse(await request.text());
  } catch {
    throw new AppError("invalid_request", "Body is not valid JSON");
  }
  const result = schema.safeParse(json);
  if (!result.success) throw new AppError("invalid_request", describeZodError(result.error));
  return result.data;
}

/** Reads query parameters (the first value of each) against a schema. */
export function readQuery<S extends z.ZodType>(request: Request, schema: S): z.infer<S> {
  const params = Object.fromEntries(new URL(request.url).searchParams);
  const result = schema.safeParse(params);
  if (!result.success) throw new AppError("invalid_request", describeZodError(result.error, "query"));
  return result.data;
}
