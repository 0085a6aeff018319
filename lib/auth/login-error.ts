/** What a failed sign-in says to the user: the one table for the form and the page. */
export function loginErrorMessage(error: string | null | undefined, status?: number): string {
  if (status === 429 || error === "RateLimited") return "Too many failed attempts. Try again in a few minutes.";
  if (error === "CredentialsSignin") return "That token is not valid.";
  return "Sign-in failed. Try again.";
}
