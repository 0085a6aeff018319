import { XRPCError } from "@atproto/api";
import { AppError } from "@/lib/errors";

/**
 * Turns a PDS or PLC error into a message that says what failed and what to do. The
 * PDS's own message is kept (it never carries the password or the token).
 */
export function explainPdsError(step: "login" | "request-token" | "sign" | "submit" | "publish", error: unknown, pds: string): AppError {
  if (!(error instanceof XRPCError)) {
    const why = error instanceof Error ? error.message : String(error);
    return new AppError("unavailable", `${stepName[step]} failed: could not reach ${pds} (${why}). Check --pds and the network.`);
  }
  const name = error.error;
  if (step === "login") {
    if (name === "AuthFactorTokenRequired") {
      return new AppError("unauthorized", "The account asks for a two-factor email code: sign in with an app password instead (Bluesky: Settings → Privacy and security → App passwords); app passwords skip the code.");
    }
    if (name === "AccountTakedown") return new AppError("forbidden", "The account is taken down on its PDS: it cannot be a labeler.");
    if (error.status === 401 || name === "AuthenticationRequired") {
      return new AppError("unauthorized", `Wrong identifier or password for ${pds}: check --identifier (handle or DID) and LABELER_ACCOUNT_PASSWORD (an app password of the labeler account).`);
    }
  }
  if (step === "sign" && name === "ExpiredToken") {
    return new AppError("invalid_request", "The email token has expired (15 minutes on the reference PDS): run setup again without --token to get a new one.");
  }
  if (step === "sign" && name === "InvalidToken") {
    return new AppError("invalid_request", "The email token is not valid: copy it exactly from the latest email (tokens look like ABCDE-12345), or run setup without --token for a new one.");
  }
  if (step === "submit") {
    return new AppError("unavailable", `The PLC directory rejected the operation (${name}: ${error.message}). The DID document is unchanged; run setup again, and check that the PDS still manages this DID.`);
  }
  return new AppError("unavailable", `${stepName[step]} failed: ${name}: ${error.message}`);
}

const stepName = {
  login: "Signing in",
  "request-token": "Requesting the email token",
  sign: "Signing the PLC operation",
  submit: "Submitting the PLC operation",
  publish: "Publishing the service record",
} as const;
