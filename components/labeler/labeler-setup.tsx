"use client";

import { useRef, useState, type FormEvent } from "react";
import type { SettingsSetupAnswer } from "@/lib/labels/network/settings-setup";
import { FormError } from "../form-error";
import { requestJson } from "../request-json";
import { showToast, signInAction } from "../toast";
import { button, field } from "./definition-editor";
import { BeforeAfter, DidDocumentView, DiffView, JsonView, SetupStep } from "./setup-views";

type Inspected = Extract<SettingsSetupAnswer, { step: "inspect" }>;
type Step = "inspect" | "request-token" | "submit-plc" | "publish";

const primary = `${button} bg-accent text-accent-foreground`;
const secondary = `${button} border border-line`;

/**
 * `npm run labeler -- setup` on the Settings page, one request per step. The app
 * password stays in its form field: each step posts it once and the server forgets it
 * (decision 029). What the server answered, and nothing secret, is kept in state.
 */
export function LabelerSetup({ onDone }: { onDone: () => void }) {
  const formRef = useRef<HTMLFormElement>(null);
  const [inspected, setInspected] = useState<Inspected | null>(null);
  const [tokenRequested, setTokenRequested] = useState(false);
  const [busy, setBusy] = useState<Step | null>(null);
  const [error, setError] = useState<{ step: Step; text: string } | null>(null);

  function restart() {
    setInspected(null);
    setTokenRequested(false);
    setError(null);
  }

  // Another account or PDS: what was looked up no longer applies.
  const accountChanged = () => inspected && restart();

  async function send(step: Step, extra: Record<string, string> = {}): Promise<SettingsSetupAnswer | null> {
    const form = formRef.current!;
    if (!form.reportValidity()) return null;
    const values = new FormData(form);
    const account = { pds: values.get("pds"), identifier: values.get("identifier"), password: values.get("password") };
    setBusy(step);
    setError(null);
    const answer = await requestJson<SettingsSetupAnswer>("/api/labeler/setup", { body: { step, ...account, ...extra } });
    setBusy(null);
    if (answer.ok) return answer.data;
    setError({ step, text: answer.error });
    if (answer.signIn) showToast({ tone: "error", text: answer.error, actions: [signInAction()] });
    return null;
  }

  async function inspect(event?: FormEvent) {
    event?.preventDefault();
    const answer = await send("inspect");
    if (answer?.step !== "inspect") return;
    setInspected(answer);
    setTokenRequested(false);
  }

  async function requestToken() {
    if (!inspected || !(await send("request-token", { plan: inspected.identity.fingerprint }))) return;
    setTokenRequested(true);
    showToast({ tone: "info", text: "A token was emailed to the account's address. It expires in 15 minutes.", duration: 8000 });
  }

  async function submitPlc() {
    const token = String(new FormData(formRef.current!).get("token") ?? "");
    if (!inspected) return;
    if (!token.trim()) return setError({ step: "submit-plc", text: "Enter the token from the email first." });
    const answer = await send("submit-plc", { plan: inspected.identity.fingerprint, token });
    if (answer?.step !== "submit-plc") return;
    setInspected({ ...inspected, identity: answer.identity });
    showToast({ tone: "success", text: "PLC operation submitted: the directory shows Warden's key and endpoint.", duration: 6000 });
  }

  async function publish() {
    if (!inspected) return;
    const answer = await send("publish", { record: inspected.record.fingerprint });
    if (answer?.step !== "publish") return;
    formRef.current!.reset();
    restart();
    showToast({ tone: "success", text: `${answer.did} is Warden's labeler${answer.changed ? "; service record published" : "; the service record was already up to date"}.` });
    onDone();
  }

  const identity = inspected?.identity;
  const errorFor = (...steps: Step[]) => (error && steps.includes(error.step) ? error.text : null);
  return (
    <form ref={formRef} onSubmit={inspect} className="mt-3 grid gap-3" data-testid="labeler-setup">
      <ol className="grid gap-3">
        <SetupStep n={1} title="The labeler account" done={Boolean(inspected)} testId="setup-step-account">
          <fieldset className="grid gap-3 sm:grid-cols-2">
            <label className="space-y-1.5 font-medium sm:col-span-2">
              <span>Account: handle or DID</span>
              <input name="identifier" required autoComplete="username" autoCapitalize="none" spellCheck={false} placeholder="labeler.example.com" onChange={accountChanged} className={field} data-testid="setup-identifier" />
            </label>
            <label className="space-y-1.5 font-medium">
              <span>Its PDS</span>
              <input name="pds" type="url" required defaultValue="https://bsky.social" inputMode="url" onChange={accountChanged} className={field} data-testid="setup-pds" />
            </label>
            <label className="space-y-1.5 font-medium">
              <span>App password (sent with each step, never stored)</span>
              <input name="password" type="password" required autoComplete="off" className={field} data-testid="setup-password" />
            </label>
          </fieldset>
          <div>
            <button type="submit" disabled={busy !== null} className={primary} data-testid="setup-inspect">
              {busy === "inspect" ? "Looking up…" : inspected ? "Look up again" : "Look up the account"}
            </button>
          </div>
          <FormError message={errorFor("inspect")} testId="setup-error" />
          {identity ? (
            <>
              <p>
                Signed in as <strong className="[overflow-wrap:anywhere]">{inspected.handle}</strong>. Its DID document, as resolved:
              </p>
              <DidDocumentView identity={identity} testId="setup-document" />
              {identity.warning ? <p className="text-muted">Warning: {identity.warning}.</p> : null}
            </>
          ) : null}
        </SetupStep>

        {identity ? (
          <SetupStep n={2} title="The DID document" done={identity.ready} testId="setup-step-identity">
            {identity.ready ? (
              <p data-testid="setup-identity-ready">It has Warden&apos;s #atproto_label key and #atproto_labeler endpoint: nothing to change.</p>
            ) : identity.method === "web" ? (
              <>
                <p>
                  {identity.did} is a did:web: Warden cannot change its document. Add exactly these entries to it where it is hosted (keeping the
                  others), then look it up again:
                </p>
                <JsonView value={identity.didWebEntries} testId="setup-did-web-json" />
              </>
            ) : (
              <>
                <p>These entries change in its PLC document; every other entry is kept:</p>
                <DiffView lines={identity.diff} testId="setup-plc-diff" />
                <BeforeAfter identity={identity} />
                {tokenRequested ? (
                  <>
                    <label className="space-y-1.5 font-medium">
                      <span>The token from the email (e.g. ABCDE-12345)</span>
                      <input name="token" autoComplete="one-time-code" autoCapitalize="characters" spellCheck={false} className={field} data-testid="setup-token" />
                    </label>
                    <div className="flex flex-wrap gap-2">
                      <button type="button" onClick={submitPlc} disabled={busy !== null} className={primary} data-testid="setup-submit-plc">
                        {busy === "submit-plc" ? "Submitting…" : "Sign and submit the PLC operation"}
                      </button>
                      <button type="button" onClick={requestToken} disabled={busy !== null} className={secondary} data-testid="setup-new-token">
                        Email a new token
                      </button>
                    </div>
                  </>
                ) : (
                  <div className="grid gap-2">
                    <p className="text-muted">Apply this change? The account&apos;s PDS first emails a confirmation token to its address; nothing changes yet.</p>
                    <div>
                      <button type="button" onClick={requestToken} disabled={busy !== null} className={primary} data-testid="setup-request-token">
                        {busy === "request-token" ? "Requesting…" : "Yes, email me the token"}
                      </button>
                    </div>
                  </div>
                )}
              </>
            )}
            <FormError message={errorFor("request-token", "submit-plc")} testId="setup-identity-error" />
          </SetupStep>
        ) : null}

        {identity?.ready && inspected ? (
          <SetupStep n={3} title="The service record (app.bsky.labeler.service/self)" testId="setup-step-record">
            {inspected.record.changed ? (
              <>
                <p>{inspected.record.isNew ? "Not published yet. It will read:" : "Changes against what is published:"}</p>
                <DiffView lines={inspected.record.lines} testId="setup-record-diff" />
              </>
            ) : (
              <p data-testid="setup-record-unchanged">Published and up to date: nothing to write.</p>
            )}
            <div>
              <button type="button" onClick={publish} disabled={busy !== null} className={primary} data-testid="setup-publish">
                {busy === "publish" ? "Publishing…" : inspected.record.changed ? "Publish and finish" : "Finish setup"}
              </button>
            </div>
            <FormError message={errorFor("publish")} testId="setup-record-error" />
          </SetupStep>
        ) : null}
      </ol>
    </form>
  );
}
