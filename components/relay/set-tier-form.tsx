"use client";

import { useRouter } from "next/navigation";
import { useId, useState, type FormEvent } from "react";
import { pubkeyFromInput } from "@/lib/relay/views/pubkey-text";
import { pubkeyTiers } from "@/lib/relay/policy/tiers";
import { showToast } from "../toast";
import { relayApi } from "./relay-api";
import { tierToast } from "./tier-toast";
import { buttonClass, fieldBase, fieldClass } from "./styles";
import { useHydrated } from "./use-hydrated";

type Result = { tone: "error"; text: string };

/** Sets any pubkey's tier; accepts hex, npub or nprofile and sends hex. The result, with Undo, is a toast. */
export function SetTierForm() {
  const router = useRouter();
  const ids = { pubkey: useId(), tier: useId(), note: useId() };
  const hydrated = useHydrated();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    const pubkey = pubkeyFromInput(String(data.get("pubkey") ?? ""));
    if (!pubkey) {
      setResult({ tone: "error", text: "Enter a pubkey as 64 hex characters or an npub." });
      form.querySelector<HTMLInputElement>("[name=pubkey]")?.focus();
      return;
    }
    const tier = String(data.get("tier"));
    setBusy(true);
    const response = await relayApi.setTier(pubkey, tier, String(data.get("note") ?? "").trim() || undefined);
    setBusy(false);
    if (!response.ok) return setResult({ tone: "error", text: response.message });
    setResult(null);
    showToast(tierToast(response.data, router.refresh));
    form.reset();
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} noValidate className="mb-6 grid gap-3 rounded-xl border border-line bg-surface p-4 md:grid-cols-[minmax(0,2fr)_9rem_minmax(0,1.5fr)_auto] md:items-end" aria-label="Set a pubkey's tier">
      <div className="min-w-0 space-y-1.5">
        <label htmlFor={ids.pubkey} className="block text-sm font-medium">
          Pubkey <span className="font-normal text-muted">(hex or npub)</span>
        </label>
        <input id={ids.pubkey} name="pubkey" required autoComplete="off" spellCheck={false} autoCapitalize="none" className={`${fieldClass} font-mono`} data-testid="tier-pubkey" aria-invalid={result?.tone === "error" || undefined} aria-describedby={result ? `${ids.pubkey}-result` : undefined} />
      </div>
      <div className="space-y-1.5">
        <label htmlFor={ids.tier} className="block text-sm font-medium">
          Tier
        </label>
        <select id={ids.tier} name="tier" defaultValue="member" className={fieldClass} data-testid="tier-select">
          {pubkeyTiers.map((tier) => (
            <option key={tier}>{tier}</option>
          ))}
        </select>
      </div>
      <div className="min-w-0 space-y-1.5">
        <label htmlFor={ids.note} className="block text-sm font-medium">
          Note <span className="font-normal text-muted">(optional)</span>
        </label>
        <input id={ids.note} name="note" maxLength={500} autoComplete="off" className={fieldClass} data-testid="tier-note" />
      </div>
      <button type="submit" disabled={busy || !hydrated} className={buttonClass.primary} data-testid="tier-submit">
        {busy ? "Saving…" : "Set tier"}
      </button>
      <div id={`${ids.pubkey}-result`} role="status" aria-live="polite" className="md:col-span-4 empty:hidden" data-testid="tier-result">
        {result ? (
          <p className={`rounded-lg px-3 py-2 text-sm ${result.tone === "error" ? "bg-danger-soft text-danger" : "bg-accent-soft"}`}>{result.text}</p>
        ) : null}
      </div>
    </form>
  );
}

/** A row's quick change: another tier for a listed pubkey, keeping its note; Undo in the toast. */
export function RowTierForm({ pubkey, tier, note }: { pubkey: string; tier: string; note: string | null }) {
  const router = useRouter();
  const selectId = useId();
  const hydrated = useHydrated();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const next = String(new FormData(event.currentTarget).get("tier"));
    if (next === tier) return;
    setBusy(true);
    const response = await relayApi.setTier(pubkey, next, note ?? undefined);
    setBusy(false);
    if (!response.ok) return setError(response.message);
    setError(null);
    showToast(tierToast(response.data, router.refresh));
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="flex flex-wrap items-center gap-2 md:flex-nowrap">
      <label htmlFor={selectId} className="sr-only">
        New tier for {pubkey.slice(0, 8)}
      </label>
      <select id={selectId} name="tier" defaultValue={tier} className={`${fieldBase} w-32 shrink-0`} data-testid="row-tier-select">
        {pubkeyTiers.map((option) => (
          <option key={option}>{option}</option>
        ))}
      </select>
      <button type="submit" disabled={busy || !hydrated} className={buttonClass.secondary} data-testid="row-tier-save">
        {busy ? "Saving…" : "Change"}
      </button>
      {error ? (
        <span role="alert" className="basis-full text-sm text-danger">
          {error}
        </span>
      ) : null}
    </form>
  );
}
