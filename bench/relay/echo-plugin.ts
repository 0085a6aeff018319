// The protocol's ceiling in the plugin's language: the same stdin/stdout handling as
// bin/strfry-policy, but it only parses each line and accepts it.
import { LineSplitter } from "../../lib/relay/plugin/line-splitter.ts";

const splitter = new LineSplitter(16 * 1024 * 1024);
process.stdin.on("data", (chunk: Buffer) => {
  let out = "";
  splitter.push(
    chunk,
    (line) => {
      const id = (JSON.parse(line) as { event: { id: string } }).event.id;
      out += `${JSON.stringify({ id, action: "accept", msg: "" })}\n`;
    },
    () => {},
  );
  if (out) process.stdout.write(out);
});
