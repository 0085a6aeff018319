import { describe, expect, it } from "vitest";
import { assertCan, can } from "@/lib/auth/permissions";
import { clearLoginFailures, clientAddress, loginRetryAfter, recordLoginFailure } from "@/lib/auth/login-throttle";
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

describe("login throttle", () => {
  it("blocks an address after the limit and only that address", () => {
    const now = 1_000_000;
    for (let i = 0; i < 10; i++) {
      expect(loginRetryAfter("198.51.100.1", now)).toBeNull();
      recordLoginFailure("198.51.100.1", now);
    }
    expect(loginRetryAfter("198.51.100.1", now)).toBe(600);
    expect(loginRetryAfter("198.51.100.2", now)).toBeNull();
    expect(loginRetryAfter("198.51.100.1", now + 600_001)).toBeNull();
    clearLoginFailures("198.51.100.1");
  });

  it("takes the address the server stamped, not a client's claim first", () => {
    const headers = new Headers({ "x-warden-client-ip": "192.0.2.1", "x-forwarded-for": "203.0.113.9" });
    expect(clientAddress(headers)).toBe("192.0.2.1");
  });
});

describe("secretsEqual", () => {
  it("compares whatever the lengths", () => {
    expect(secretsEqual("abc", "abc")).toBe(true);
    expect(secretsEqual("abc", "abcd")).toBe(false);
    expect(secretsEqual("", "x")).toBe(false);
  });
});
