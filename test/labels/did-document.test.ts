// Conformance check 11: the did:web document announces the #atproto_label Multikey
// and the #atproto_labeler service, whose endpoint has no path.
import { afterEach, describe, expect, it } from "vitest";
import { GET } from "@/app/.well-known/did.json/route";
import { createLabels } from "@/lib/labels/create-labels";
import { labelerInfo } from "@/lib/labels/labeler-info";
import { unsignedLabel, verifyLabel } from "@/lib/labels/sign-label";
import { withMigratedDatabase } from "../support/database";
import { setEnv } from "../support/env";

withMigratedDatabase();

let restoreEnv: (() => void) | undefined;
afterEach(() => restoreEnv?.());

const fetchDocument = (host = "warden.example:8443", proto = "https") =>
  GET(new Request(`http://${host}/.well-known/did.json`, { headers: { "x-forwarded-host": host, "x-forwarded-proto": proto } }));

describe("the DID document", () => {
  it("check 11: has the Multikey #atproto_label and the AtprotoLabeler #atproto_labeler without a path", async () => {
    restoreEnv = setEnv({ LABELER_DID: "did:web:labeler.example", PUBLIC_URL: "https://labeler.example/some/path" });
    const response = await fetchDocument();
    expect(response.status).toBe(200);
    const document = await response.json();
    expect(document).toEqual({
      "@context": ["https://www.w3.org/ns/did/v1", "https://w3id.org/security/multikey/v1"],
      id: "did:web:labeler.example",
      verificationMethod: [
        {
          id: "did:web:labeler.example#atproto_label",
          type: "Multikey",
          controller: "did:web:labeler.example",
          publicKeyMultibase: expect.stringMatching(/^zQ3s[1-9A-HJ-NP-Za-km-z]+$/), // secp256k1, base58btc
        },
      ],
      service: [{ id: "#atproto_labeler", type: "AtprotoLabeler", serviceEndpoint: "https://labeler.example" }],
    });

    // A verifier builds did:key from the document and checks a label with it.
    const [label] = await createLabels([{ uri: "did:plc:44ybard66vv44zksje25o7dz", val: "spam" }], "test");
    const didKey = `did:key:${document.verificationMethod[0].publicKeyMultibase}`;
    expect(await verifyLabel({ ...unsignedLabel(label!), sig: label!.sig }, didKey)).toBe(true);
    expect(label!.src).toBe(document.id);
  });

  it("uses the address it was reached at when PUBLIC_URL is unset", async () => {
    restoreEnv = setEnv({ LABELER_DID: undefined, PUBLIC_URL: undefined });
    const document = await (await fetchDocument("127.0.0.1:3000", "http")).json();
    expect(document.id).toBe("did:web:localhost");
    expect(document.service[0].serviceEndpoint).toBe("http://127.0.0.1:3000");
  });

  it("without PUBLIC_URL, never reflects another Host, and is not publicly cacheable", async () => {
    restoreEnv = setEnv({ LABELER_DID: undefined, PUBLIC_URL: undefined });
    const forged = await fetchDocument("evil.example", "https");
    expect(forged.status).toBe(404);
    expect(await forged.text()).not.toContain("evil.example");
    const local = await fetchDocument("localhost:3000", "http");
    expect(local.status).toBe(200);
    expect(local.headers.get("cache-control")).toBe("no-store");
    restoreEnv();
    restoreEnv = setEnv({ LABELER_DID: "did:web:labeler.example", PUBLIC_URL: undefined });
    expect((await (await fetchDocument("labeler.example", "https")).json()).service[0].serviceEndpoint).toBe("https://labeler.example");
  });

  it("with PUBLIC_URL, ignores the Host header, may be cached and is readable from any origin", async () => {
    restoreEnv = setEnv({ LABELER_DID: undefined, PUBLIC_URL: "https://labeler.example" });
    const response = await fetchDocument("evil.example", "https");
    expect((await response.json()).service[0].serviceEndpoint).toBe("https://labeler.example");
    expect(response.headers.get("cache-control")).toBe("public, max-age=60");
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
  });

  it("answers 404 JSON for a did:plc, whose document is in the PLC directory", async () => {
    restoreEnv = setEnv({ LABELER_DID: "did:plc:ewvi7nxzyoun6zhxrhs64oiz", PUBLIC_URL: "https://labeler.example" });
    const response = await fetchDocument();
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: "not_found", message: expect.stringContaining("PLC directory") } });
  });

  it("refuses a malformed Host rather than echoing it", async () => {
    restoreEnv = setEnv({ LABELER_DID: undefined, PUBLIC_URL: undefined });
    const response = await fetchDocument("evil.example/<script>");
    expect(response.status).toBe(400);
  });

  it("tells the operator what to put in a PLC operation, and never the private key", async () => {
    restoreEnv = setEnv({ LABELER_DID: "did:plc:ewvi7nxzyoun6zhxrhs64oiz", PUBLIC_URL: "https://labeler.example/warden/" });
    const info = await labelerInfo();
    expect(info).toMatchObject({
      did: "did:plc:ewvi7nxzyoun6zhxrhs64oiz",
      endpoint: "https://labeler.example",
      streamUrl: "wss://labeler.example/xrpc/com.atproto.label.subscribeLabels",
      didDocumentUrl: null,
      plc: {
        verificationMethods: { atproto_label: info.didKey },
        services: { atproto_labeler: { type: "AtprotoLabeler", endpoint: "https://labeler.example" } },
      },
    });
    expect(info.didKey).toBe(`did:key:${info.publicKeyMultibase}`);
    expect(JSON.stringify(info)).not.toMatch(/[0-9a-f]{64}/);
  });
});
