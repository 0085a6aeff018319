"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { showToast, signInAction } from "../toast";
import { relayApi } from "./relay-api";
import { buttonClass } from "./styles";
import { tierToast } from "./tier-toast";
import { useHydrated } from "./use-hydrated";

/**
 * Lifts a ban once its toast's Undo is gone: the tier the ban replaced (`to`) comes back.
 * The result is a toast whose Undo bans again, only while nobody changed the tier since.
 */
export function UnbanButton({ pubkey, to, className = "" }: { pubkey: string; to: string; className?: string }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [busy, setBusy] = useState(false);

  async function unban() {
    setBusy(true);
    const answer = await relayApi.unban(pubkey);
    setBusy(false);
    if (!answer.ok) {
      showToast({ tone: "error", text: answer.message, actions: answer.signIn ? [signInAction()] : undefined });
      router.refresh();
      return;
    }
    const { tier, ban_note } = answer.data;
    const toast = tierToast({ pubkey, tier, from: "blocked", previous_note: ban_note }, router.refresh, "undo right after unbanning");
    showToast({ ...toast, text: `Unbanned ${pubkey.slice(0, 8)}…: ${tier} again. Events the ban rejected stay rejected.` });
    router.refresh();
  }

  return (
    <button type="button" onClick={unban} disabled={busy || !hydrated} className={`${buttonClass.secondary} ${className}`} data-testid="unban">
      {busy ? "Saving…" : `Unban (back to ${to})`}
    </button>
  );
}
