import http from "node:http";
import https from "node:https";

// node:http rather than fetch: fetch loads undici, about 10 MB more resident memory
// in a process that strfry keeps running for as long as the relay runs.
const agents = { "http:": new http.Agent({ keepAlive: true }), "https:": new https.Agent({ keepAlive: true }) };
const MAX_ANSWER_BYTES = 256 * 1024 * 1024;

export type WardenRequest = { secret: string; body?: unknown; timeoutMs: number; signal?: AbortSignal };

/** A JSON request to Warden with the relay secret; rejects on a network error, a timeout or a status other than 200. */
export function requestJson(url: URL, request: WardenRequest): Promise<unknown> {
  const body = request.body === undefined ? undefined : JSON.stringify(request.body);
  const client = url.protocol === "https:" ? https : http;
  return new Promise((resolve, reject) => {
    const outgoing = client.request(url, {
      method: body === undefined ? "GET" : "POST",
      agent: agents[url.protocol as keyof typeof agents],
      headers: {
        authorization: `Bearer ${request.secret}`,
        accept: "application/json",
        ...(body !== undefined && { "content-type": "application/json", "content-length": Buffer.byteLength(body) }),
      },
      timeout: request.timeoutMs,
      signal: request.signal,
    });
    outgoing.on("timeout", () => outgoing.destroy(new Error(`no answer within ${request.timeoutMs / 1000} s`)));
    outgoing.on("error", reject);
    outgoing.on("response", (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) return void response.destroy(new Error("answer too large"));
        chunks.push(chunk);
      });
      response.on("error", reject);
      response.on("end", () => {
        if (response.statusCode !== 200) return reject(new Error(`HTTP ${response.statusCode}`));
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString("utf8")));
        } catch {
          reject(new Error("answer is not JSON"));
        }
      });
    });
    outgoing.end(body);
  });
}
