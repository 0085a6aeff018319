// The seed's design as a strfry plugin: every event is one HTTP call to the policy
// endpoint (which reads the author's tier and inserts the event), awaited in turn.
import { LineSplitter } from "../../lib/relay/plugin/line-splitter.ts";

const url = new URL("/seed/policy", process.env.WARDEN_URL);
const lines: string[] = [];
let busy = false;

async function work(): Promise<void> {
  if (busy) return;
  busy = true;
  for (let line = lines.shift(); line !== undefined; line = lines.shift()) {
    const id = (JSON.parse(line) as { event: { id: string } }).event.id;
    try {
      const response = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: line });
      process.stdout.write(`${JSON.stringify(await response.json())}\n`);
    } catch {
      process.stdout.write(`${JSON.stringify({ id, action: "reject", msg: "error: moderation service unavailable" })}\n`);
    }
  }
  busy = false;
}

const splitter = new LineSplitter(16 * 1024 * 1024);
process.stdin.on("data", (chunk: Buffer) => {
  splitter.push(chunk, (line) => void lines.push(line), () => {});
  void work();
});
