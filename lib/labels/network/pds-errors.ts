import { XRPCError } from "@atproto/api";
import { AppError } from "@/lib/errors";

/** Where the operator runs setup: the advice names that surface's fields and commands. */
export type SetupSurface = "cli" | "settings";

const advice = {
  cli: {
    pds: "--pds",
    credentials: "--identifier (handle or DID) and LABELER_ACCOUNT_PASSWORD (an app password of the labeler account)",
    newToken: "run setup again without --token to get a new one",
    againWithoutToken: "or run setup without --token for a new one",
    again: "run setup again",
  },
  settings: {
    pds: "the PDS URL",
    credentials: "the account (handle or DID) and the app password of the labeler account",
    newToken: "press “Email a new token” and use the newest email",
    againWithoutToken: "or press “Email a new token”",
    again: "check the document again and retry",
  },
} as const;

/**
 * Turns a PDS or PLC error into a message that says what failed and what to do. The
 * PDS's own message is kept (it never carries the password or the token).
 */
export function explainPdsError(
  step: "login" | "request-token" | "sign" | "submit" | "publish",
  error: unknown,
  pds: string,
  surface: SetupSurface = "cli",
): AppError {
  const say = advice[surface];
  if (!(error instanceof XRPCError)) {
    const why = error instanceof Error ? error.message : String(error);
    return new AppError("unavailable", `${stepName[step]} failed: could not reach ${pds} (${why}). Check ${say.pds} and the network.`);
  }
  const name = error.error;
  // 422, not 401: the caller's own Warden session is fine (a 401 would send it to sign in again).
  if (step === "login") {
    if (name === "AuthFactorTokenRequired") {
      return new AppError("unprocessable", "The account asks for a two-factor email code: sign in with an app password instead (Bluesky: Settings → Privacy and security → App passwords); app passwords skip the code.");
    }
    if (name === "AccountTakedown") return new AppError("forbidden", "The account is taken down on its PDS: it cannot be a labeler.");
    if (error.status === 401 || name === "AuthenticationRequired") {
      return new AppError("unprocessable", `Wrong identifier or password for ${pds}: check ${say.credentials}.`);
    }
  }
  if (step === "sign" && name === "ExpiredToken") {
    return new AppError("invalid_request", `The email token has expired (15 minutes on the reference PDS): ${say.newToken}.`);
  }
  if (step === "sign" && name === "InvalidToken") {
    return new AppError("invalid_request", `The email token is not valid: copy it exactly from the latest email (tokens look like ABCDE-12345), ${say.againWithoutToken}.`);
  }
  if (step === "submit") {
    return new AppError("unavailable", `The PLC directory rejected the operation (${name}: ${error.message}). The DID document is unchanged; ${say.again}, and check that the PDS still manages this DID.`);
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
