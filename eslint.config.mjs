import nextVitals from "eslint-config-next/core-web-vitals";
import nextTypescript from "eslint-config-next/typescript";
import warden from "./lint/client-boundary.mjs";

/**
 * The layers (docs/ARCHITECTURE.md): lib is the ground floor and imports none of the
 * others; components render lib's data and never reach up into app's pages; server
 * (the custom HTTP server) and app (Next's routes and pages) sit on top.
 */
const layers = {
  zones: [
    { target: "./lib", from: ["./app", "./components", "./server"], message: "lib is the ground floor: it must not import app, components or server." },
    { target: "./components", from: ["./app", "./server"], message: "components must not reach up into app or server: move what both need into lib." },
    { target: "./app", from: "./server", message: "app must not import the custom server: move what both need into lib." },
  ],
};

const config = [
  ...nextVitals,
  ...nextTypescript,
  { ignores: ["lib/db/generated/**", ".next*/**", "data/**", "test-results/**", "playwright-report/**", "next-env.d.ts", "devnet/**"] },
  {
    files: ["**/*.ts", "**/*.tsx"],
    plugins: { warden },
    // The import rules follow the project's own modules; parsing packages' bundles only
    // costs time (and pglite's overflows the parser's stack).
    settings: { "import/ignore": ["node_modules"] },
    rules: {
      "import/no-cycle": ["error", { ignoreExternal: true }],
      "import/no-restricted-paths": ["error", layers],
      "warden/client-boundary": "error",
    },
  },
  {
    // One client request path: errors come back in one shape (components/request-json.ts).
    files: ["components/**/*.ts", "components/**/*.tsx"],
    ignores: ["components/request-json.ts"],
    rules: {
      "no-restricted-globals": ["error", { name: "fetch", message: "Use requestJson from components/request-json.ts: one request path, one error shape." }],
    },
  },
];

export default config;
