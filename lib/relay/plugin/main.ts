// The strfry write-policy plugin (bin/strfry-policy). strfry writes one request per
// line on stdin and reads one reply per line on stdout; stdout carries nothing else
// (logs go to stderr). Runs on plain Node 24: relative imports with extensions only.
import { reply, type PluginOutput } from "../policy/plugin-io.ts";
import { HeldStore } from "./held-store.ts";
import { LineSplitter } from "./line-splitter.ts";
import { ReportForwarder } from "./report-forwarder.ts";
import { readPluginEnv } from "./plugin-env.ts";
import { createPolicyPlugin, type Answer } from "./policy-plugin.ts";
import { SnapshotSync } from "./snapshot-sync.ts";

const MAX_LINE_BYTES = 16 * 1024 * 1024;
const UNAVAILABLE = "error: moderation service unavailable";

const log = (message: string) => process.stderr.write(`strfry-policy: ${message}\n`);

const config = readPluginEnv(process.env);
const failOpen = config.ok ? config.env.WARDEN_UNAVAILABLE === "accept" : config.unavailable === "accept";
const unavailable = (id: string): PluginOutput => (failOpen ? reply(id, "accept") : reply(id, "reject", UNAVAILABLE));

let sync: SnapshotSync | null = null;
let store: HeldStore | null = null;
let reports: ReportForwarder | null = null;
if (config.ok) {
  const { WARDEN_URL: wardenUrl, RELAY_SECRET: secret, WARDEN_SNAPSHOT_MAX_AGE: maxAge } = config.env;
  sync = new SnapshotSync({ wardenUrl, secret, maxAgeMs: maxAge * 1000, log });
  store = new HeldStore({ wardenUrl, secret, unavailable, log });
  reports = new ReportForwarder({ wardenUrl, secret, log });
  sync.start();
} else {
  log(`not configured (${config.problem}); answering every event with ${failOpen ? "accept" : `"${UNAVAILABLE}"`}`);
}

const plugin = createPolicyPlugin({
  sync,
  store,
  reports,
  unavailable,
  log,
});

// Replies are collected and written together: one write per stdin chunk, and one per
// stored batch of held events.
let out: string[] = [];
const flush = () => {
  if (out.length === 0) return;
  const text = out.join("");
  out = [];
  process.stdout.write(text);
};
const emit = (output: PluginOutput) => out.push(`${JSON.stringify(output)}\n`);

let pending = 0;
const handle = (answer: Answer) => {
  if (answer === null) return;
  if (!(answer instanceof Promise)) return emit(answer);
  pending += 1;
  void answer.then((output) => {
    pending -= 1;
    emit(output);
    // Several held events resolve together when their batch commits: write once.
    queueMicrotask(flush);
  });
};

const splitter = new LineSplitter(MAX_LINE_BYTES);
process.stdin.on("data", (chunk: Buffer) => {
  splitter.push(chunk, (line, bytes) => handle(plugin.line(line, bytes)), (head) => handle(plugin.overlong(head)));
  flush();
});

// strfry closed our stdin (it is stopping or restarting us): answer what is in flight, then go.
process.stdin.on("end", () => {
  const finish = () => {
    if (pending > 0) return void setTimeout(finish, 10);
    flush();
    sync?.stop();
    process.exit(0);
  };
  finish();
});

// strfry is gone: nobody reads our replies any more.
process.stdout.on("error", () => process.exit(0));

// The plugin must never die on an event: strfry would reject it and restart us.
process.on("uncaughtException", (error) => log(`unexpected error: ${error.stack ?? error.message}`));
process.on("unhandledRejection", (error) => log(`unexpected rejection: ${String(error)}`));
