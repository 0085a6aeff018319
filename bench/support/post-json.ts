// The benches' write client: node:http over kept-alive sockets. fetch (undici) costs the
// client about 0.15 ms of CPU per request here, five times node:http's 0.03; on two cores
// the client shares with the servers, that cost would be charged to whichever server is
// measured, and most to the cheapest one.
import http from "node:http";

export type JsonAnswer = { status: number; text: string };

const agents = new Map<string, http.Agent>();

function agentFor(origin: string): http.Agent {
  let agent = agents.get(origin);
  if (!agent) agents.set(origin, (agent = new http.Agent({ keepAlive: true, maxSockets: 64 })));
  return agent;
}

/** POSTs `body` as JSON and reads the whole answer as text, whatever its status. */
export function postJson(url: string, headers: Record<string, string>, body: unknown): Promise<JsonAnswer> {
  const target = new URL(url);
  const payload = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: "POST",
        agent: agentFor(target.origin),
        headers: { ...headers, "content-type": "application/json", "content-length": Buffer.byteLength(payload) },
      },
      (response) => {
        let text = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (text += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, text }));
        response.on("error", reject);
      },
    );
    request.on("error", reject);
    request.end(payload);
  });
}

/** Closes the kept-alive sockets, so that a bench's process can exit. */
export function closeClients(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}
