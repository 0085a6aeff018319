import { forgetLabelerIdentity } from "@/lib/labels/labeler-identity";

/**
 * Changes environment variables for the rest of a test and returns the undo. The
 * parsed environment and the labeler's key are cached per process, so both are
 * dropped: the next read sees the new values, as a restarted process would.
 */
export function setEnv(vars: Record<string, string | undefined>): () => void {
  const saved = Object.fromEntries(Object.keys(vars).map((name) => [name, process.env[name]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    delete (globalThis as { __wardenEnv?: unknown }).__wardenEnv;
    forgetLabelerIdentity();
  };
  apply(vars);
  return () => apply(saved);
}
