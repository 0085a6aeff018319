import { verifyJwt, XRPCError } from "@atproto/xrpc-server";
import { isValidDid } from "@atproto/syntax";
import { NamedXrpcError } from "@/lib/errors";
import { labelerDid } from "@/lib/labels/labeler-identity";
import { idResolver } from "./id-resolver";
import { claimServiceJwt } from "./jwt-replay-guard";
import { verifyJwtSignature } from "./jwt-signature";

export const CREATE_REPORT_NSID = "com.atproto.moderation.createReport";
/** The PDS mints its proxy tokens for 60 s; a token that claims to live longer than this is refused. */
export const MAX_JWT_LIFETIME_SECONDS = 5 * 60;

const refuse = (name: string, message: string) => new NamedXrpcError("unauthorized", name, message);

/** The audiences a report may carry: the bare DID (today's PDS) or the service form the spec moves to. */
export const acceptedAudiences = (did: string): string[] => [did, `${did}#atproto_labeler`];

function decodePayload(token: string): Record<string, unknown> {
  const parts = token.split(".");
  if (parts.length !== 3) throw refuse("BadJwt", "poorly formatted jwt");
  try {
    const payload: unknown = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8"));
    if (payload && typeof payload === "object" && !Array.isArray(payload)) return payload as Record<string, unknown>;
  } catch {
    // answered below
  }
  throw refuse("BadJwt", "poorly formatted jwt");
}

async function signingKey(iss: string, forceRefresh: boolean): Promise<string> {
  // A report comes from a user's account: the issuer is a bare DID, whose #atproto key signed it.
  if (!isValidDid(iss)) throw refuse("BadJwtIss", "jwt iss must be a bare DID");
  try {
    return await idResolver().did.resolveAtprotoKey(iss, forceRefresh);
  } catch {
    throw refuse("BadJwtIss", "could not resolve the signing key of the jwt's issuer");
  }
}

/**
 * Verifies the inter-service JWT a PDS sends with a proxied createReport and returns
 * the reporter's DID. @atproto/xrpc-server's verifyJwt checks the format, typ (no
 * access, refresh or DPoP tokens), exp, lxm, iss and the ES256K/ES256 signature
 * against the issuer's #atproto key, re-resolving the DID once when it fails (key
 * rotation). Warden adds: aud is its DID in either form, exp is not too far ahead,
 * and a jti is accepted once (in the database, so across instances).
 */
export async function verifyReportAuth(authorization: string | null, now = Date.now()): Promise<string> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? "");
  if (!match) throw refuse("AuthMissing", "Authentication required: a service-auth JWT in Authorization: Bearer");
  const token = match[1]!;
  const payload = decodePayload(token);

  const own = labelerDid();
  const aud = payload.aud;
  if (typeof aud !== "string" || !acceptedAudiences(own).includes(aud)) {
    throw refuse("BadJwtAudience", `jwt audience must be ${own} or ${own}#atproto_labeler`);
  }
  if (typeof payload.exp === "number" && payload.exp > now / 1000 + MAX_JWT_LIFETIME_SECONDS) {
    throw refuse("BadJwt", `jwt expires more than ${MAX_JWT_LIFETIME_SECONDS} s from now`);
  }

  let verified: Awaited<ReturnType<typeof verifyJwt>>;
  try {
    verified = await verifyJwt(token, aud, CREATE_REPORT_NSID, signingKey, verifyJwtSignature);
  } catch (error) {
    if (error instanceof NamedXrpcError) throw error;
    if (error instanceof XRPCError) throw refuse(error.customErrorName ?? "BadJwt", error.errorMessage ?? "invalid jwt");
    throw refuse("BadJwt", "poorly formatted jwt");
  }

  if (typeof verified.jti !== "string" || verified.jti.length === 0 || verified.jti.length > 256) {
    throw refuse("BadJwt", "jwt must carry a jti (each token is accepted once)");
  }
  if (!(await claimServiceJwt(verified.iss, verified.jti, verified.exp))) {
    throw refuse("BadJwt", "jwt already used: each token (jti) is accepted once");
  }
  return verified.iss;
}
