import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { authorizeRequest } from "@/lib/auth/authorize-request";
import { setEnv } from "../support/env";

// A signed-in admin by session cookie: what the Origin check guards.
vi.mock("@/lib/auth/session", () => ({ currentPrincipal: async () => ({ name: "alice", role: "admin", tokenId: 1 }) }));

let restoreEnv: () => void;
beforeAll(() => {
  restoreEnv = setEnv({ PUBLIC_URL: undefined });
});
afterAll(() => restoreEnv());

/** A cookie-authenticated write that reached us at `reached` (as the server stamps it). */
function write(origin: string | null, reached = "http://warden.test", method = "POST"): Promise<unknown> {
  const [, proto = "", host = ""] = /^(\w+):\/\/(.+)$/.exec(reached)!;
  const headers: Record<string, string> = { "x-forwarded-proto": proto, "x-forwarded-host": host };
  if (origin !== null) headers.origin = origin;
  return authorizeRequest(new Request("http://127.0.0.1:3000/api/labels", { method, headers }), "labels:write");
}

const refused = expect.objectContaining({ code: "forbidden" });

describe("writes with a session cookie", () => {
  it("pass from our own origin", async () => {
    await expect(write("http://warden.test")).resolves.toMatchObject({ name: "alice" });
    await expect(write("https://warden.test", "https://warden.test:443")).resolves.toMatchObject({ name: "alice" });
  });

  it("are refused from the same host over another scheme", async () => {
    await expect(write("https://warden.test")).rejects.toEqual(refused);
    await expect(write("http://warden.test", "https://warden.test")).rejects.toEqual(refused);
  });

  it("are refused from the same host on another port, from another host, or without a usable Origin", async () => {
    await expect(write("http://warden.test:8080")).rejects.toEqual(refused);
    await expect(write("http://warden.test", "http://warden.test:3000")).rejects.toEqual(refused);
    await expect(write("http://evil.example")).rejects.toEqual(refused);
    await expect(write(null)).rejects.toEqual(refused);
    await expect(write("null")).rejects.toEqual(refused);
  });

  it("also pass from PUBLIC_URL's origin (a proxy that does not say it terminated TLS)", async () => {
    const restore = setEnv({ PUBLIC_URL: "https://warden.example" });
    try {
      await expect(write("https://warden.example", "http://127.0.0.1:3000")).resolves.toMatchObject({ name: "alice" });
      await expect(write("http://warden.example", "http://127.0.0.1:3000")).rejects.toEqual(refused);
    } finally {
      restore();
    }
  });

  it("are not asked for an Origin on reads", async () => {
    await expect(write(null, "http://warden.test", "GET")).resolves.toMatchObject({ name: "alice" });
  });
});
