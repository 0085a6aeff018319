import { describe, expect, it } from "vitest";
import { assertCan, can } from "@/lib/auth/permissions";
import { secretsEqual } from "@/lib/auth/authenticate";

describe("permissions", () => {
  it("lets only admins manage tokens", () => {
    expect(can("admin", "tokens:manage")).toBe(true);
    expect(can("moderator", "tokens:manage")).toBe(false);
    expect(can("triage", "tokens:manage")).toBe(false);
  });

  it("never lets triage label or decide", () => {
    for (const action of ["labels:write", "flags:review", "relay:decide", "relay:trust"] as const) {
      expect(can("triage", action)).toBe(false);
      expect(can("moderator", action)).toBe(true);
    }
  });

  it("throws forbidden when the role lacks the action", () => {
    expect(() => assertCan({ name: "t", role: "triage", tokenId: 1 }, "labels:write")).toThrow(/may not/);
  });
});

describe("secretsEqual", () => {
  it("compares whatever the lengths", () => {
    expect(secretsEqual("abc", "abc")).toBe(true);
    expect(secretsEqual("abc", "abcd")).toBe(false);
    expect(secretsEqual("", "x")).toBe(false);
  });
});
