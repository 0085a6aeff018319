// The real server for the profile-* scripts: npm start's flags (after `next build`) on a
// scratch database of a durable throwaway PostgreSQL, an admin token, and the server's
// CPU time read from /proc. With PROFILE_DIR set, the server runs with --cpu-prof and
// Node writes its profile there when it stops.
import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startTestPostgres } from "../../scripts/test-postgres.ts";
import { queryTestServer } from "../../test/support/test-run";
import { cpuMs, cpuTicks } from "../support/processes.ts";
import { startWarden, type Running } from "./servers.ts";

export type ProfiledWarden = { warden: Running; token: string; cpuMs(): number; systemCpuMs(): number; stop(): Promise<void> };

export async function startProfiledWarden(): Promise<ProfiledWarden> {
  const profileDir = process.env.PROFILE_DIR;
  const token = `bench-${randomBytes(16).toString("hex")}`;
  const postgres = (await startTestPostgres({ durable: true }))!;
  const databaseUrl = Object.assign(new URL(postgres.url), { pathname: "/profile" }).href;
  await queryTestServer(postgres.url, "CREATE DATABASE profile");
  const warden = await startWarden({
    env: { DATABASE_URL: databaseUrl, DATA_DIR: mkdtempSync(path.join(tmpdir(), "warden-prof-")), ADMIN_TOKEN: token, ...(profileDir && { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` }) },
  });
  return {
    warden,
    token,
    cpuMs: () => cpuMs(warden.child.pid!),
    // The kernel's share: socket writes to PostgreSQL and the HTTP answers.
    systemCpuMs: () => cpuTicks(warden.child.pid!)[1] * 10,
    stop: async () => {
      await warden.stop();
      postgres.stop();
    },
  };
}

