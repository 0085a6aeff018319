import { memory, settle, startWarden } from "./servers.ts";

// The dashboard's pages, each rendered once after logging in: "a few page loads".
const PAGES = ["/", "/flags", "/labels", "/relay", "/triage", "/settings", "/audit", "/batches"];
const QUIET_MS = 30_000;

export type IdleMemory = { idleMb: number; peakMb: number };

/**
 * Warden as `npm start` runs it with no database configured (PGlite in `dataDir`): boots,
 * logs in and loads every dashboard page, waits until it is idle, and reads its RSS and
 * peak RSS. Run twice on one folder: the first start (which creates the database) and a
 * restart. Any failed page fails the run.
 */
export async function embeddedIdleMemory(dataDir: string, adminToken: string): Promise<IdleMemory> {
  // DATABASE_URL "" counts as unset: the bench's own PostgreSQL URL must not leak in.
  const warden = await startWarden({ env: { DATABASE_URL: "", DATA_DIR: dataDir, ADMIN_TOKEN: adminToken } });
  try {
    const cookie = await logIn(warden.http, adminToken);
    for (const page of PAGES) {
      const response = await fetch(`${warden.http}${page}`, { headers: { cookie }, redirect: "manual" });
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`embedded Warden answered ${page} with ${response.status}`);
    }
    await settle(warden);
    await new Promise((resolve) => setTimeout(resolve, QUIET_MS)); // V8's memory reducer runs once allocation stops
    const { rssMb, peakMb } = memory(warden.child);
    return { idleMb: rssMb, peakMb };
  } finally {
    await warden.stop();
  }
}

/** next-auth's credentials login: the CSRF cookie and token, then the session cookie. */
async function logIn(http: string, token: string): Promise<string> {
  const csrf = await fetch(`${http}/api/auth/csrf`);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const cookies = (response: Response) => response.headers.getSetCookie().map((line) => line.split(";")[0]!);
  const form = new URLSearchParams({ csrfToken, token, json: "true" });
  const login = await fetch(`${http}/api/auth/callback/credentials`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", cookie: cookies(csrf).join("; ") },
    body: form,
    redirect: "manual",
  });
  await login.arrayBuffer();
  const session = cookies(login).filter((cookie) => cookie.includes("session-token"));
  if (login.status !== 200 || session.length === 0) throw new Error(`embedded Warden refused the login (${login.status})`);
  return session.join("; ");
}
