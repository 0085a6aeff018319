import { spawn } from "node:child_process";
import type { NostrEvent } from "../policy/nostr-event";
import { failAll, type DeliveryResult, type Publisher } from "./publisher";

/**
 * `strfry import` reads JSONL on stdin into the relay's database (it needs local
 * access to it) and live subscribers receive the events. It answers for the whole
 * batch: exit 0 means every event was written.
 */
export function strfryImportPublisher(bin: string, config?: string, timeoutMs = 60_000): Publisher {
  const args = [...(config ? [`--config=${config}`] : []), "import"];
  return { name: `${bin} ${args.join(" ")}`, publish: (events) => runImport(bin, args, events, timeoutMs) };
}

function runImport(bin: string, args: string[], events: NostrEvent[], timeoutMs: number): Promise<Map<string, DeliveryResult>> {
  return new Promise((resolve) => {
    let finished = false;
    let stderr = "";
    const finish = (error: string | null) => {
      if (finished) return;
      finished = true;
      clearTimeout(timer);
      resolve(error ? failAll(events, error) : new Map(events.map((event) => [event.id, { ok: true }])));
    };
    const child = spawn(bin, args, { stdio: ["pipe", "ignore", "pipe"] });
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      finish(`strfry import did not finish within ${timeoutMs / 1000} s`);
    }, timeoutMs);
    child.stderr.on("data", (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2_000)));
    child.on("error", (error) => finish(`cannot run STRFRY_BIN: ${error.message}`));
    child.on("close", (code, signal) => {
      const lastLine = stderr.trim().split("\n").at(-1)?.slice(0, 300) ?? "";
      finish(code === 0 ? null : `strfry import exited with ${code ?? signal}${lastLine ? `: ${lastLine}` : ""}`);
    });
    child.stdin.on("error", () => {}); // EPIPE when it exits before reading everything
    child.stdin.end(events.map((event) => JSON.stringify(event)).join("\n") + "\n");
  });
}
