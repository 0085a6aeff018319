// The part of @atproto/dev-env 0.6.7 (installed in devnet/, not in the project's
// node_modules: scripts/devnet.ts) that Warden's tests and benchmarks use. Declared
// here so that `tsc` passes on a clean clone, before devnet/ is installed. Extend it
// from devnet/node_modules/@atproto/dev-env/dist/*.d.ts when you need more.
/* eslint-disable @typescript-eslint/no-explicit-any -- the services' internals are typed where they are used */
declare module "@atproto/dev-env" {
  import type { AtpAgent } from "@atproto/api";

  export type PdsConfig = { didPlcUrl?: string; port?: number; [option: string]: unknown };
  export type PlcConfig = { port?: number; version?: string };
  export type OzoneConfig = { [option: string]: unknown };
  export type TestServerParams = {
    dbPostgresUrl: string;
    dbPostgresSchema: string;
    pds: Partial<PdsConfig>;
    plc: Partial<PlcConfig>;
    bsky: Record<string, unknown>;
    ozone: Partial<OzoneConfig>;
    introspect: { port?: number };
  };

  export class TestPds {
    url: string;
    port: number;
    /** The PDS's AppContext: `ctx.accountManager.db.db` is its account database (Kysely). */
    get ctx(): any;
    server: any;
    getAgent(): AtpAgent;
    adminAuth(): string;
    adminAuthHeaders(): { authorization: string };
    processAll(): Promise<void>;
    close(): Promise<void>;
  }

  export class TestPlc {
    static create(config: Partial<PlcConfig>): Promise<TestPlc>;
    url: string;
    port: number;
    server: any;
    get ctx(): any;
    close(): Promise<void>;
  }

  export class TestOzone {
    /** Ozone alone: `plcUrl`, `dbPostgresUrl`, `dbPostgresSchema`, `appviewUrl` and `appviewDid` are required. */
    static create(config: OzoneConfig): Promise<TestOzone>;
    url: string;
    port: number;
    server: any;
    daemon: any;
    adminAccnt: { did: string; key: any };
    moderatorAccnt: { did: string; key: any };
    triageAccnt: { did: string; key: any };
    get ctx(): any;
    getAgent(): AtpAgent;
    getModClient(): any;
    addAdminDid(did: string): Promise<void>;
    addModeratorDid(did: string): Promise<void>;
    addTriageDid(did: string): Promise<void>;
    modHeaders(lxm: string, role?: "admin" | "moderator" | "triage"): Promise<{ authorization: string }>;
    processAll(): Promise<void>;
    close(): Promise<void>;
  }

  export class TestNetworkNoAppView implements AsyncDisposable {
    plc: TestPlc;
    pds: TestPds;
    static create(params?: Partial<TestServerParams>): Promise<TestNetworkNoAppView>;
    getSeedClient(): any;
    processAll(): Promise<void>;
    close(): Promise<void>;
    [Symbol.asyncDispose](): Promise<void>;
  }

  export class TestNetwork extends TestNetworkNoAppView {
    bsky: { url: string; port: number; ctx: any; getAgent(): AtpAgent; [member: string]: any };
    ozone: TestOzone;
    bsync: any;
    static create(params?: Partial<TestServerParams>): Promise<TestNetwork>;
    processFullSubscription(timeout?: number): Promise<void>;
    processAll(timeout?: number): Promise<void>;
    serviceHeaders(did: string, lxm: string, aud?: string): Promise<{ authorization: string }>;
    adminHeaders(credentials: { username?: string; password?: string }): Promise<{ authorization: string }>;
  }

  export const createOzoneDid: (plcUrl: string, keypair: unknown) => Promise<string>;
}
