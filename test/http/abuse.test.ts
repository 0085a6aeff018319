// The abuse suite (issue 13). Every route the app serves, read from app/ itself
// (test/support/route-table.ts), attacked as an outsider or a careless client would:
// no credentials, the wrong role, oversize bodies, text PostgreSQL cannot store, wrong
// types, deep nesting, hostile path and query values, and fast-check's arbitrary inputs.
// Passing means: no 5xx the route does not mean, no exception, every error in the
// route's own shape.
// First: Next's request scope must be set up before any Next module loads.
import { inNextRequestScope } from "../support/next-request-scope";
import { randomBytes } from "node:crypto";
import fc from "fast-check";
import { finalizeEvent, generateSecretKey, getPublicKey } from "nostr-tools/pure";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Secp256k1Keypair } from "@atproto/crypto";
import { createServiceJwt } from "@atproto/xrpc-server";
import { resetCredentialThrottle } from "@/lib/auth/credential-throttle";
import { can, type Action } from "@/lib/auth/permissions";
import type { RouteAuth, RouteHandler } from "@/lib/http/route";
import { findUnsafeText, MAX_JSON_DEPTH } from "@/lib/http/unsafe-text";
import { MAX_SUBJECT_BYTES } from "@/lib/labels/label-input";
import { sha256Hex } from "@/lib/relay/nip86/verify-nip98";
import { MAX_ADDRESS_BYTES } from "@/lib/relay/storable-request";
import { setPubkeyTier } from "@/lib/relay/trust";
import { CREATE_REPORT_NSID } from "@/lib/reports/service-auth";
import { ADMIN, seedFlags, setUpTokens, track, type Tokens } from "../flags/support";
import { newAuthor, pluginRequest } from "../relay/support/nostr";
import { defineLabelValues, withMigratedDatabase } from "../support/database";
import { setEnv } from "../support/env";
import * as table from "../support/route-table";

withMigratedDatabase();

const RELAY_SECRET = "abuse-relay-secret-0123456789";
const CRON_SECRET = "abuse-cron-secret-0123456789";
const nip86Admin = generateSecretKey();

type Expected = {
  auth: RouteAuth;
  /** A minimal body the route accepts: the hostile values go into its fields. */
  body?: unknown;
  query?: Record<string, string>;
  params?: table.Params;
  /** A 5xx that is this route's normal answer in the test environment. */
  serverStatus?: 501 | 503;
  /** Query parameters that make the route wait: they keep the sample's value. */
  slowQuery?: string[];
  /** The route answers per item (relay policy): unsafe text in an item is that item's reject, not a 400. */
  perItem?: boolean;
  /** A public redirect: the path parameter goes into the Location, which must stay ours. */
  redirectsTo?: string;
};

const uri = track("abuse");
const plugin = pluginRequest(newAuthor().sign());
const hex = "ab".repeat(32);
const notFound: Expected = { auth: "public" };
const flagsLookup = (body: object): Expected => ({ auth: "flags:review", body });
const xrpc501: Expected = { auth: "public", serverStatus: 501 };

/**
 * Every route and method the app serves, with the auth it must require. A route added
 * to app/ without a line here, or whose auth changes, fails the first tests below.
 */
const expectations: Record<string, Expected> = {
  "GET /.well-known/did.json": { auth: "public" },
  "OPTIONS /.well-known/did.json": { auth: "public" },
  "GET /admin": { auth: "public" },
  "GET /admin/[...path]": notFound,
  "POST /admin/[...path]": notFound,
  "PUT /admin/[...path]": notFound,
  "PATCH /admin/[...path]": notFound,
  "DELETE /admin/[...path]": notFound,
  "POST /admin/active-labels": flagsLookup({ uris: [] }),
  "POST /admin/batches": flagsLookup({ uris: [track("batch")] }),
  "POST /admin/context": flagsLookup({ uri, context: { track_title: "Song" } }),
  "GET /admin/flags": { auth: "flags:review", query: { filter: "pending" } },
  "POST /admin/labels": flagsLookup({ uris: [] }),
  "POST /admin/labels-by-value": flagsLookup({ values: [] }),
  "POST /admin/negated-labels": flagsLookup({ uris: [] }),
  "POST /admin/reopen": flagsLookup({ uri, reason: "undo" }),
  "POST /admin/resolve": flagsLookup({ uri, reason: "licensed" }),
  "GET /admin/review/[id]": { auth: "public", redirectsTo: "/review/" },
  "GET /admin/review/[id]/data": { auth: "flags:review" },
  "POST /admin/review/[id]/submit": flagsLookup({ decisions: [{ uri, decision: "clear" }] }),
  "POST /admin/review/[id]/undo": flagsLookup({ decisions: [{ uri, decision: "clear" }], reason: "pressed by mistake" }),
  "POST /admin/sensitive-images": flagsLookup({ image_id: "img" }),
  "POST /admin/sensitive-images/remove": flagsLookup({ id: 1 }),
  "GET /api/[...path]": notFound,
  "POST /api/[...path]": notFound,
  "PUT /api/[...path]": notFound,
  "PATCH /api/[...path]": notFound,
  "DELETE /api/[...path]": notFound,
  "GET /api/auth/[...nextauth]": { auth: "public", params: { nextauth: ["session"] } },
  "POST /api/auth/[...nextauth]": { auth: "public", params: { nextauth: ["callback", "credentials"] }, body: { token: "wdn_wrong", csrfToken: "x" } },
  "GET /api/cron/triage": { auth: "cron", query: { dry_run: "true" } },
  "POST /api/cron/triage": { auth: "cron", query: { dry_run: "true" } },
  "GET /api/health": { auth: "public" },
  "GET /health": { auth: "public" },
  "GET /api/labeler/declaration": { auth: "labeler:manage" },
  "PUT /api/labeler/declaration": { auth: "labeler:manage", body: { reasonTypes: null, subjectTypes: ["account"], subjectCollections: [] } },
  "GET /api/labeler/definitions": { auth: "labeler:manage" },
  // No labeler account in the test database: refused at once (409), before any network call.
  "POST /api/labeler/publish": { auth: "labeler:manage", body: { password: "app-password" } },
  "GET /api/labeler/status": { auth: "labeler:manage" },
  // PUBLIC_URL is unset here: every valid step is refused (409) before signing in anywhere.
  "POST /api/labeler/setup": { auth: "labeler:manage", body: { step: "inspect", pds: "https://pds.invalid", identifier: "someone.test", password: "app-password" } },
  "POST /api/labeler/definitions": {
    auth: "labeler:manage",
    body: { identifier: "abuse-test", severity: "inform", blurs: "none", locales: [{ lang: "en", name: "Abuse", description: "Test" }] },
  },
  "DELETE /api/labeler/definitions/[identifier]": { auth: "labeler:manage", params: { identifier: "abuse-test" } },
  "POST /api/labels": { auth: "labels:write", body: { labels: [{ uri, val: "spam" }] } },
  "POST /api/labels/negate": { auth: "labels:write", body: { uri, val: "spam", reason: "mistake" } },
  "POST /api/relay/authors/[pubkey]/ban": { auth: "relay:trust", body: {} },
  "POST /api/relay/authors/[pubkey]/unban": { auth: "relay:trust", body: {} },
  "POST /api/relay/held": { auth: "relay", body: { items: [plugin] }, perItem: true },
  "POST /api/relay/nip86": { auth: "signed-body", body: { method: "supportedmethods", params: [] } },
  "OPTIONS /api/relay/nip86": { auth: "public" },
  "POST /api/relay/policy": { auth: "relay", body: plugin, perItem: true },
  "GET /api/relay/pubkeys": { auth: "relay:trust" },
  "POST /api/relay/reports": { auth: "relay", body: { items: [plugin] }, perItem: true },
  "POST /api/relay/pubkeys": { auth: "relay:trust", body: { pubkey: hex, tier: "member" } },
  "GET /api/relay/queue": { auth: "relay:decide", query: { status: "pending" } },
  "POST /api/relay/queue/[eventId]/approve": { auth: "relay:decide", body: {} },
  "POST /api/relay/queue/[eventId]/reject": { auth: "relay:decide", body: {} },
  "POST /api/relay/queue/[eventId]/overturn": { auth: "relay:decide", body: {} },
  "POST /api/relay/queue/bulk": { auth: "relay:decide", body: { ids: [hex], decision: "reject" } },
  "GET /api/relay/snapshot": { auth: "relay", query: { wait: "0" }, slowQuery: ["wait"] },
  "GET /api/reports": { auth: "reports:read", query: { state: "open" } },
  "GET /api/reports/[id]": { auth: "reports:file" },
  "POST /api/reports": { auth: "reports:file", body: { reasonType: "com.atproto.moderation.defs#reasonSpam", subject: { nostrPubkey: hex } } },
  "POST /api/reports/actions": { auth: "reports:review", body: { ids: [1], action: "comment", note: "looked at it" } },
  "POST /api/reports/batches": { auth: "reports:review", body: { ids: [1], act: { action: "resolve" } } },
  "GET /api/reports/batches/[id]": { auth: "reports:review" },
  "POST /api/reports/batches/[id]/submit": { auth: "reports:review", body: { decisions: [{ uri: "report-subject:1", decision: "clear" }] } },
  "POST /api/reports/batches/[id]/undo": { auth: "reports:review", body: { decisions: [{ uri: "report-subject:1", decision: "clear" }], reason: "pressed by mistake" } },
  // Presence takes a signed-in session only: the token the suite sends is refused (403) before any write.
  "GET /api/reports/subjects/[id]/live": { auth: "reports:read" },
  "POST /api/reports/subjects/[id]/presence": { auth: "reports:read", body: {} },
  "DELETE /api/reports/subjects/[id]/presence": { auth: "reports:read" },
  "POST /api/reports/reporters": { auth: "reports:review", body: { reporter: "did:plc:abusetest", muted: true, note: "spamming the form" } },
  "GET /api/tokens": { auth: "tokens:manage" },
  "POST /api/tokens": { auth: "tokens:manage", body: { name: "abuse-bot", role: "triage" } },
  "DELETE /api/tokens/[name]": { auth: "tokens:manage" },
  "POST /api/triage/decisions/[id]/undo": { auth: "dashboard:view" },
  // No ANTHROPIC_API_KEY here: triage is disabled, and a run is refused at once.
  "POST /api/triage/runs": { auth: "triage:run", body: {}, serverStatus: 503 },
  "POST /emit-label": { auth: "labels:write", body: { uri } },
  "GET /internal/[...path]": notFound,
  "POST /internal/[...path]": notFound,
  "PUT /internal/[...path]": notFound,
  "PATCH /internal/[...path]": notFound,
  "DELETE /internal/[...path]": notFound,
  "POST /internal/active-labels": flagsLookup({ uris: [] }),
  "POST /internal/labels": flagsLookup({ uris: [] }),
  "POST /internal/labels-by-value": flagsLookup({ values: [] }),
  "POST /internal/negated-labels": flagsLookup({ uris: [] }),
  "POST /internal/sensitive-images": flagsLookup({ image_id: "img" }),
  "POST /internal/sensitive-images/remove": flagsLookup({ id: 1 }),
  "GET /sensitive-images": { auth: "public" },
  "GET /xrpc/_health": { auth: "public" },
  "OPTIONS /xrpc/_health": { auth: "public" },
  "GET /xrpc/[...method]": xrpc501,
  "POST /xrpc/[...method]": xrpc501,
  "OPTIONS /xrpc/[...method]": { auth: "public" },
  "GET /xrpc/com.atproto.label.queryLabels": { auth: "public", query: { uriPatterns: "*" } },
  "POST /xrpc/com.atproto.label.queryLabels": { auth: "public" },
  "OPTIONS /xrpc/com.atproto.label.queryLabels": { auth: "public" },
  "GET /xrpc/com.atproto.label.subscribeLabels": { auth: "public" },
  "POST /xrpc/com.atproto.moderation.createReport": {
    auth: "service-jwt",
    body: { reasonType: "com.atproto.moderation.defs#reasonSpam", subject: { $type: "com.atproto.admin.defs#repoRef", did: "did:plc:ewvi7nxzyoun6zhxrhs64oiz" } },
  },
  "GET /xrpc/com.atproto.moderation.createReport": { auth: "public" },
  "POST /xrpc/com.atproto.label.subscribeLabels": { auth: "public" },
  "PUT /xrpc/com.atproto.label.subscribeLabels": { auth: "public" },
  "PATCH /xrpc/com.atproto.label.subscribeLabels": { auth: "public" },
  "DELETE /xrpc/com.atproto.label.subscribeLabels": { auth: "public" },
};

/** Valid path parameters, by name, for routes whose table line names none. */
const SAMPLE_PARAMS: table.Params = { id: "1", eventId: hex, pubkey: hex, name: "abuse-sample", path: ["abuse", "sample"], method: ["com.example.abuse"] };

const appRoutes = await table.loadAppRoutes();
const keyOf = (route: table.AppRoute) => `${route.method} ${route.pattern}`;

type Row = table.AppRoute & { key: string; handler: RouteHandler; expected: Expected; params: table.Params; takesBody: boolean };
const rows: Row[] = appRoutes.flatMap((route) => {
  const expected = expectations[keyOf(route)];
  if (!expected || !table.isPipelineRoute(route.handler)) return [];
  const { spec } = route.handler;
  const params = expected.params ?? Object.fromEntries(table.paramNames(route.pattern).map(({ name }) => [name, SAMPLE_PARAMS[name] ?? "sample"]));
  const takesBody = Boolean(spec.body || spec.rawBody) && route.method !== "GET" && route.method !== "HEAD";
  return [{ ...route, key: keyOf(route), handler: route.handler, expected, params, takesBody }];
});

let tokens: Tokens;
beforeAll(async () => {
  tokens = await setUpTokens();
  // A pending flag of its own for the batch sample (other samples resolve theirs).
  await seedFlags([{ rkey: "batch", score: 0.5 }]);
  setEnv({ RELAY_SECRET, CRON_SECRET, ANTHROPIC_API_KEY: undefined, NIP86_ADMIN_PUBKEYS: getPublicKey(nip86Admin), PUBLIC_URL: undefined });
});
// Wrong secrets and tokens count against the test's one client address.
beforeEach(() => resetCredentialThrottle());

describe("the route table", () => {
  it("holds only routes made by route(): none skips the request pipeline", () => {
    expect(appRoutes.filter((route) => !table.isPipelineRoute(route.handler)).map(keyOf)).toEqual([]);
  });

  it("lists every route of the app with the auth its spec declares, and nothing else", () => {
    const declared = Object.fromEntries(appRoutes.map((route) => [keyOf(route), (route.handler as Partial<RouteHandler>).spec?.auth]));
    const listed = Object.fromEntries(Object.entries(expectations).map(([key, expected]) => [key, expected.auth]));
    expect(declared).toEqual(listed);
  });
});

// ---- sending requests ----

type Credentials = "valid" | "none" | Record<string, string>;
type Send = { params?: table.Params; query?: string; json?: unknown; raw?: BodyInit; headers?: Record<string, string>; credentials?: Credentials };
type Answer = { status: number; json: unknown; headers: Headers; what: string };

/** Calls the route's handler as Next does (in its request scope); the sample body unless told otherwise. */
async function send(row: Row, options: Send = {}): Promise<Answer> {
  const { params = row.params, headers = {}, credentials = "valid" } = options;
  const query = options.query ?? new URLSearchParams(row.expected.query).toString();
  const url = `http://warden.test${table.concretePath(row.pattern, params)}${query ? `?${query}` : ""}`;
  const json = "json" in options ? options.json : row.expected.body;
  const body = options.raw ?? (row.takesBody && json !== undefined ? JSON.stringify(json) : undefined);
  const request = new Request(url, {
    method: row.method,
    headers: {
      ...(body !== undefined && { "content-type": table.bodyContentType(row.handler.spec) }),
      // What the custom server stamps; NIP-98 signs this origin.
      "x-forwarded-proto": "http",
      "x-forwarded-host": "warden.test",
      ...(credentials === "valid" ? validCredentials(row.handler.spec.auth, url, body) : credentials === "none" ? {} : credentials),
      ...headers,
    },
    body,
    ...(body instanceof ReadableStream && { duplex: "half" }),
  });
  const response = await inNextRequestScope(request, row.pattern, () => row.handler(request, { params: Promise.resolve(params) }));
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // left as text: an error that is not JSON fails the shape check
  }
  const what = `${row.key} ${url.slice(0, 200)} ${typeof body === "string" ? body.slice(0, 200) : ""}`;
  return { status: response.status, json: parsed, headers: response.headers, what };
}

function validCredentials(auth: RouteAuth, url: string, body: BodyInit | undefined): Record<string, string> {
  if (auth === "public") return {};
  if (auth === "relay") return { authorization: `Bearer ${RELAY_SECRET}` };
  if (auth === "cron") return { authorization: `Bearer ${CRON_SECRET}` };
  if (auth === "signed-body") return { authorization: nip98(url, typeof body === "string" ? body : "") };
  return { "x-moderation-key": ADMIN };
}

/** A NIP-98 header for exactly this URL and body, by the relay's NIP-86 admin (or another key). */
function nip98(url: string, body: string, key = nip86Admin): string {
  const tags = [["u", url], ["method", "POST"], ["payload", sha256Hex(new TextEncoder().encode(body))]];
  const event = finalizeEvent({ kind: 27235, created_at: Math.floor(Date.now() / 1000), content: "", tags }, key);
  return `Nostr ${Buffer.from(JSON.stringify(event)).toString("base64")}`;
}

// ---- what every answer must be ----

const errorShapes = {
  admin: { error: { code: expect.any(String), message: expect.any(String) } },
  xrpc: { error: expect.any(String), message: expect.any(String) },
  nip86: { result: null, error: expect.any(String) },
};

/** No 5xx the route does not mean, and every error in the route's declared shape. */
function expectSound(row: Row, answer: Answer): void {
  if (answer.status >= 500) expect(answer.status, answer.what).toBe(row.expected.serverStatus);
  if (answer.status >= 400) expect(answer.json, answer.what).toMatchObject(errorShapes[row.handler.spec.errors ?? "admin"]);
}

/** Refused as a client error (or with the route's own 5xx, e.g. 501 for every unknown XRPC method). */
function expectRefused(row: Row, answer: Answer): void {
  expectSound(row, answer);
  const refused = (answer.status >= 400 && answer.status < 500) || answer.status === row.expected.serverStatus;
  expect(refused, `${answer.status} ${answer.what}`).toBe(true);
}

function errorMessage(row: Row, json: unknown): string {
  const body = json as { error?: string | { message?: string }; message?: string };
  if (row.handler.spec.errors === "xrpc") return body.message ?? "";
  return typeof body.error === "string" ? body.error : (body.error?.message ?? "");
}

/**
 * Unsafe text (NUL, lone surrogate, deep nesting) at `field` ("body.labels.0.uri"): a 400
 * whose message starts with the field. A route that answers per item may instead reject
 * that item, and its messages name the field inside the item.
 */
function expectUnsafeRefused(row: Row, answer: Answer, field: string): void {
  expectSound(row, answer);
  if (row.expected.perItem && answer.status === 200) {
    // A plugin reply rejects the item; a forwarded report answers it as ignored.
    const body = answer.json as { results?: { action?: string; ignored?: string }[]; action?: string; ignored?: string };
    expect((body.results ?? [body]).every((reply) => reply.action === "reject" || typeof reply.ignored === "string"), answer.what).toBe(true);
    return;
  }
  expect(answer.status, answer.what).toBe(400);
  const message = errorMessage(row, answer.json);
  const named = row.expected.perItem ? message.includes(field.replace(/^body\.?/, "")) : message.startsWith(field);
  expect(named, `"${message}" should name ${field}`).toBe(true);
}

/** What the route's schema says of a body: a body it refuses must be refused. */
const schemaRefuses = (row: Row, body: unknown): boolean => {
  const { spec } = row.handler;
  return Boolean(spec.body && !row.expected.perItem && !spec.body.safeParse(body).success);
};

// ---- hostile inputs ----

const nested = (depth: number): unknown => (depth === 0 ? "deep" : { a: nested(depth - 1) });
// A NUL, lone high and low surrogates, nesting past the limit: refused in any field.
const UNSAFE_VALUES = ["a\u0000b", "x\ud800", "\udfffx", nested(MAX_JSON_DEPTH + 8)];
// An over-long string and each wrong JSON type: refused wherever the schema refuses them.
const wrongValues = (longest: number): unknown[] => ["x".repeat(longest), -1.5, ["x"], { x: "y" }, null, true];
const BAD_PATH_VALUES = ["\u0000", "a\u0000", "x".repeat(10_000), "..", "../../etc/passwd", "ünïcødé ✓", "\ud800", "%00", "", " "];
const BAD_QUERY_VALUES = ["x".repeat(100_000), "-1", "1e999", "NaN", "99999999999999999999999", "[]", "{}", "%", "ünïcødé", "\ufffd", " ", "true", "0x10"];

// A character unit for fast-check strings that often hits what PostgreSQL cannot store.
const unit = fc.oneof({ weight: 1, arbitrary: fc.constantFrom("\u0000", "\ud800", "\udfff") }, { weight: 6, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) });
const text = fc.string({ unit, maxLength: 30 });
const anyJson = fc.jsonValue({ stringUnit: unit, maxDepth: 4 });
const rawQuery = fc
  .array(fc.constantFrom("%", "%00", "%zz", "%ff", "%ED%A0%80", "&", "=", "+", "a", "limit", "cursor", "1", "-", "[]", "%E0%A4%A"), { maxLength: 12 })
  .map((parts) => parts.join(""));
const RUNS = { numRuns: 40 };

const queryHasNul = (url: string) => [...new URL(url, "http://warden.test").searchParams].some(([key, value]) => (key + value).includes("\u0000"));

/** 64 KB of spaces at a time, `total` bytes in all: a body nobody buffered to build. */
function spaces(total: number): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  let left = total;
  return new ReadableStream({
    pull(controller) {
      if (left <= 0) return controller.close();
      controller.enqueue(left >= chunk.length ? chunk : chunk.subarray(0, left));
      left -= chunk.length;
    },
  });
}

const wrongRole = (action: Action) => (["triage", "moderator"] as const).find((role) => !can(role, action));

describe.each(rows)("$key", (row) => {
  const { spec } = row.handler;
  const bodyFields = row.takesBody ? table.fieldPaths(spec.body, row.expected.body) : [];
  const queryKeys = [...new Set(["q", ...table.fieldPaths(spec.query, row.expected.query).filter((field) => field.length === 1).map(String)])].filter(
    (key) => !row.expected.slowQuery?.includes(key),
  );
  const withQuery = (extra: Record<string, string> | string) =>
    [new URLSearchParams(row.expected.query).toString(), typeof extra === "string" ? extra : new URLSearchParams(extra).toString()].filter(Boolean).join("&");

  it("refuses callers without credentials or with the wrong role", async () => {
    const { auth } = spec;
    const none = await send(row, { credentials: "none" });
    expectSound(row, none);
    if (auth === "public") return expect([401, 403], none.what).not.toContain(none.status);
    expect(none.status, none.what).toBe(401);
    if (auth === "relay" || auth === "cron") {
      const wrong = await send(row, { credentials: { authorization: "Bearer not-the-secret" } });
      expect(wrong.status, wrong.what).toBe(401);
      // Unset, the secret closes its routes rather than opening them.
      const restore = setEnv({ RELAY_SECRET: undefined, CRON_SECRET: undefined });
      try {
        const closed = await send(row);
        expect(closed.status, closed.what).toBe(503);
      } finally {
        restore();
      }
    } else if (auth === "service-jwt") {
      // A well-formed service JWT meant for another service (the network cases: test/reports).
      const keypair = await Secp256k1Keypair.create();
      const token = await createServiceJwt({ iss: "did:plc:aaaaaaaaaaaaaaaaaaaaaaaa", aud: "did:web:elsewhere.example", lxm: CREATE_REPORT_NSID, keypair });
      const stranger = await send(row, { credentials: { authorization: `Bearer ${token}` } });
      expect(stranger.status, stranger.what).toBe(401);
    } else if (auth === "signed-body") {
      const url = `http://warden.test${table.concretePath(row.pattern, row.params)}`;
      const stranger = await send(row, { credentials: { authorization: nip98(url, JSON.stringify(row.expected.body), generateSecretKey()) } });
      expect(stranger.status, stranger.what).toBe(401);
    } else {
      expect((await send(row, { credentials: { "x-moderation-key": "wdn_not-a-real-token" } })).status).toBe(401);
      const role = wrongRole(auth);
      if (role) {
        const forbidden = await send(row, { credentials: { "x-moderation-key": tokens[role] } });
        expect(forbidden.status, forbidden.what).toBe(403);
        expectSound(row, forbidden);
      }
    }
  });

  it("passes its sample request through validation (so the hostile ones test the fields)", async () => {
    const answer = await send(row);
    expectSound(row, answer);
    expect([400, 413, 415], `${answer.what}: ${JSON.stringify(answer.json)}`).not.toContain(answer.status);
  });

  it.runIf(row.takesBody)("answers 413 to a body one byte over its limit, declared or streamed", async () => {
    const limit = table.bodyLimit(spec);
    const declared = await send(row, { raw: spaces(limit + 1), headers: { "content-length": String(limit + 1) } });
    expect(declared.status, declared.what).toBe(413);
    expectSound(row, declared);
    const streamed = await send(row, { raw: spaces(limit + 1) });
    expect(streamed.status, streamed.what).toBe(413);
    expectSound(row, streamed);
  });

  it.runIf(row.takesBody)("refuses NUL, lone surrogates and deep nesting in every field with a 400 naming it", async () => {
    for (const field of bodyFields) {
      for (const value of UNSAFE_VALUES) {
        const answer = await send(row, { json: table.withValueAt(row.expected.body, field, value) });
        expectUnsafeRefused(row, answer, table.fieldName("body", field));
      }
    }
  });

  it.runIf(row.takesBody)("refuses over-long strings and wrong types in every field that the schema refuses, and never fails", async () => {
    // As long as the body limit lets through, so that the schema sees it (a longer one is a 413).
    const longest = Math.min(100_000, table.bodyLimit(spec) - 4096);
    for (const field of bodyFields) {
      for (const value of wrongValues(longest)) {
        const body = table.withValueAt(row.expected.body, field, value);
        const answer = await send(row, { json: body });
        if (schemaRefuses(row, body)) expectRefused(row, answer);
        else expectSound(row, answer);
      }
    }
  });

  it.runIf(table.paramNames(row.pattern).length > 0)("refuses hostile path parameters", async () => {
    for (const { name, catchAll } of table.paramNames(row.pattern)) {
      for (const value of BAD_PATH_VALUES) {
        const answer = await send(row, { params: { ...row.params, [name]: catchAll ? ["a", value] : value } });
        if (row.expected.redirectsTo && answer.status === 308) {
          expect(answer.headers.get("location"), answer.what).toBe(`${row.expected.redirectsTo}${encodeURIComponent(value)}`);
        } else if (value.includes("\u0000") || value.includes("\ud800")) {
          expectUnsafeRefused(row, answer, `path.${name}`);
        } else if (row.method === "OPTIONS") {
          // A preflight answers for any path under it; only what it cannot read is refused.
          expectSound(row, answer);
        } else {
          expectRefused(row, answer);
        }
      }
    }
  });

  it("refuses a NUL in any query parameter, and never fails on other hostile values", async () => {
    for (const key of queryKeys) {
      expectUnsafeRefused(row, await send(row, { query: withQuery({ [key]: "a\u0000" }) }), `query.${key}`);
      // Repeated, the NUL is refused in any of its values, not only in the one a schema reads.
      expectUnsafeRefused(row, await send(row, { query: withQuery(`${key}=%00&${key}=ok`) }), `query.${key}`);
      for (const value of BAD_QUERY_VALUES) expectSound(row, await send(row, { query: withQuery({ [key]: value }) }));
      expectSound(row, await send(row, { query: withQuery(`${key}=1&${key}=2`) }));
    }
  });

  it("never fails on arbitrary query strings (fast-check)", async () => {
    const dictionary = fc.dictionary(fc.oneof(fc.constantFrom(...queryKeys), text), text, { maxKeys: 4 }).map((entries) => {
      for (const slow of row.expected.slowQuery ?? []) delete entries[slow];
      return new URLSearchParams(entries).toString();
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof(dictionary, rawQuery), async (extra) => {
        const query = withQuery(extra);
        const answer = await send(row, { query });
        if (queryHasNul(`/?${query}`)) expect(answer.status, answer.what).toBe(400);
        expectSound(row, answer);
      }),
      RUNS,
    );
  });

  it.runIf(row.takesBody)("never fails on arbitrary JSON bodies, or arbitrary values in its fields (fast-check)", async () => {
    const mutated = fc.tuple(fc.constantFrom(...bodyFields), anyJson).map(([field, value]) => table.withValueAt(row.expected.body, field, value));
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyJson, mutated), async (body) => {
        const answer = await send(row, { json: body });
        // What JSON.parse gives back, as the route sees it.
        const unsafe = !row.expected.perItem && findUnsafeText(JSON.parse(JSON.stringify(body)), "body");
        if (unsafe) expectUnsafeRefused(row, answer, unsafe.slice(0, unsafe.indexOf(":")));
        else if (schemaRefuses(row, body)) expectRefused(row, answer);
        else expectSound(row, answer);
      }),
      RUNS,
    );
  });
});

// Found by this suite: values well-formed on the outside that PostgreSQL cannot take. An
// index entry holds at most 2,704 bytes, and a NUL can hide inside an opaque cursor.
describe("values whose own syntax is fine, but not the database's", () => {
  const rowFor = (key: string) => rows.find((row) => row.key === key)!;
  // Random, so that PostgreSQL cannot compress them under its index limit as it would "xxx…".
  const random = (length: number, alphabet = "0123456789abcdef") => [...randomBytes(length)].map((byte) => alphabet[byte % alphabet.length]).join("");

  it("a subject too long to index is a 400 naming it; the longest allowed subject, CID and value fit", async () => {
    const tooLong = `at://did:plc:${random(2040)}/app.bsky.feed.post/${random(500)}`;
    const bodies: [string, object][] = [
      ["POST /emit-label", { uri: tooLong }],
      ["POST /api/labels", { labels: [{ uri: tooLong, val: "spam" }] }],
      ["POST /admin/context", { uri: tooLong, context: {} }],
    ];
    for (const [key, body] of bodies) {
      const answer = await send(rowFor(key), { json: body });
      expect(answer.status, answer.what).toBe(400);
      expect(errorMessage(rowFor(key), answer.json)).toMatch(new RegExp(`uri: must be at most ${MAX_SUBJECT_BYTES} bytes`));
    }
    const longest = { uri: `did:plc:${random(MAX_SUBJECT_BYTES - 8)}`, cid: `b${random(127, "abcdefghijklmnopqrstuvwxyz234567")}`, val: `a${random(127, "abcdefghijklmnopqrstuvwxyz0123456789")}` };
    // Longer than a definition's identifier may be (100): written straight to the table, to test the index.
    await defineLabelValues([longest.val]);
    expect((await send(rowFor("POST /api/labels"), { json: { labels: [longest] } })).status).toBe(201);
  });

  it("an event whose d tag makes its address too long to index is rejected on its own; the longest allowed is held", async () => {
    const author = newAuthor();
    await setPubkeyTier({ pubkey: author.pubkey, tier: "member" }, "abuse-test");
    const room = MAX_ADDRESS_BYTES - `30023:${author.pubkey}:`.length;
    const tooLong = author.sign({ kind: 30023, tags: [["d", random(room + 1)]] });
    const longest = author.sign({ kind: 30023, tags: [["d", random(room)]] });
    const answer = await send(rowFor("POST /api/relay/held"), { json: { items: [pluginRequest(tooLong), pluginRequest(longest)] } });
    expect(answer.status, answer.what).toBe(200);
    expect(answer.json).toEqual({
      results: [
        { id: tooLong.id, action: "reject", msg: expect.stringContaining("d tag") },
        { id: longest.id, action: "shadowReject", msg: "" },
      ],
    });
  });

  it("an opaque cursor that hides a NUL is a 400", async () => {
    const base64 = (text: string) => Buffer.from(text).toString("base64url");
    const flagCursor = base64(JSON.stringify({ k: "scored", score: 0.5, uri: "a\u0000", seq: 1 }));
    expect((await send(rowFor("GET /admin/flags"), { query: `sort=score&cursor=${flagCursor}` })).status).toBe(400);
    const queueCursor = base64(`${new Date().toISOString()}|a\u0000`);
    expect((await send(rowFor("GET /api/relay/queue"), { query: `before=${queueCursor}` })).status).toBe(400);
  });
});
