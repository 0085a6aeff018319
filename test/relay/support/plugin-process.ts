import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import { tmpdir } from "node:os";
import path from "node:path";
import type { PluginOutput } from "@/lib/relay/policy/plugin-io";

export const PLUGIN_BIN = path.resolve("bin/strfry-policy");

/**
 * bin/strfry-policy run exactly as strfry runs it: `sh -c CMD` from another folder,
 * with the system's (older) node first on PATH, JSONL on stdin, replies read from
 * stdout line by line.
 */
export class PluginProcess {
  readonly replies: PluginOutput[] = [];
  /** stdout lines that are not replies (there must be none). */
  readonly strayLines: string[] = [];
  stderr = "";
  exitCode: number | null | undefined = undefined;
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly exited: Promise<number | null>;
  private waiters: (() => void)[] = [];

  constructor(env: Record<string, string>) {
    this.child = spawn("sh", ["-c", PLUGIN_BIN], { cwd: tmpdir(), env: { NODE_ENV: "production", PATH: "/usr/bin:/bin", ...env } });
    let buffered = "";
    this.child.stdout.setEncoding("utf8").on("data", (text: string) => {
      buffered += text;
      const lines = buffered.split("\n");
      buffered = lines.pop()!;
      for (const line of lines) this.read(line);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.child.stderr.setEncoding("utf8").on("data", (text: string) => (this.stderr += text));
    this.exited = new Promise((resolve) => this.child.once("exit", (code) => resolve((this.exitCode = code))));
  }

  private read(line: string): void {
    try {
      const reply = JSON.parse(line) as PluginOutput;
      if (typeof reply.id === "string" && typeof reply.action === "string" && typeof reply.msg === "string") return void this.replies.push(reply);
    } catch {
      // not a reply
    }
    this.strayLines.push(line);
  }

  get alive(): boolean {
    return this.exitCode === undefined;
  }

  /** Writes lines (objects are JSON-encoded) in one write, as strfry would pipeline them. */
  send(...lines: (string | object)[]): void {
    this.child.stdin.write(lines.map((line) => (typeof line === "string" ? line : JSON.stringify(line)) + "\n").join(""));
  }

  /** Writes raw bytes (invalid UTF-8, say) exactly as given. */
  sendBytes(bytes: Uint8Array): void {
    this.child.stdin.write(bytes);
  }

  /** The replies for an id once `count` of them arrived (rejects if the plugin exits first). */
  async repliesFor(id: string, count = 1): Promise<PluginOutput[]> {
    for (;;) {
      const found = this.replies.filter((reply) => reply.id === id);
      if (found.length >= count) return found;
      if (!this.alive) throw new Error(`plugin exited (${this.exitCode}) before answering ${id}: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        void this.exited.then(() => resolve());
      });
    }
  }

  /** Sends one request and returns its reply. */
  async decide(request: object & { event: { id: string } }): Promise<PluginOutput> {
    const before = this.replies.filter((reply) => reply.id === request.event.id).length;
    this.send(request);
    return (await this.repliesFor(request.event.id, before + 1)).at(-1)!;
  }

  /** Closes stdin (as strfry does when it stops) and waits for the exit code. */
  async close(): Promise<number | null> {
    this.child.stdin.end();
    return this.exited;
  }

  kill(): void {
    if (this.alive) this.child.kill("SIGKILL");
  }
}
