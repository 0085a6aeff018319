import type { NextConfig } from "next";
import packageJson from "./package.json" with { type: "json" };

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // Lets parallel checkouts or agents build side by side (e.g. NEXT_DIST_DIR=.next-e2e).
  distDir: process.env.NEXT_DIST_DIR || ".next",
  // Loaded from node_modules at run time: WASM engines and native database drivers.
  serverExternalPackages: [
    "@electric-sql/pglite",
    "pglite-prisma-adapter",
    "@prisma/schema-engine-wasm",
    "@prisma/adapter-pg",
    "pg",
    "pino",
    // Loads its WASM (libsecp256k1) from beside its own module file.
    "tiny-secp256k1",
    // A native addon (libsecp256k1), loaded from its prebuilt binary.
    "secp256k1",
    // Service-auth verification (lib/reports): express and friends come along, nothing to bundle.
    "@atproto/xrpc-server",
    "@atproto/identity",
  ],
  env: { WARDEN_VERSION: packageJson.version },
};

export default nextConfig;
