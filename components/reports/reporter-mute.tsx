"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { requestJson } from "@/components/request-json";
import { useHydrated } from "@/components/relay/use-hydrated";
import { showToast, signInAction } from "@/components/toast";

const small = "inline-flex min-h-11 items-center rounded-lg border border-line px-2 text-xs font-semibold disabled:opacity-60";

/** One reporter of a subject, with Mute (or Unmute): their later reports are recorded without effect. */
export function ReporterMute({ reporter, muted }: { reporter: string; muted: boolean }) {
  const router = useRouter();
  const hydrated = useHydrated();
  const [busy, setBusy] = useState(false);

  async function set(mute: boolean, offerUndo: boolean) {
    setBusy(true);
    const result = await requestJson("/api/reports/reporters", { body: { reporter, muted: mute } });
    setBusy(false);
    if (!result.ok) return showToast({ tone: "error", text: result.error, actions: result.signIn ? [signInAction()] : undefined });
    showToast({
      tone: "success",
      text: mute ? `Muted ${reporter}: their reports no longer count.` : `${reporter} is no longer muted.`,
      ...(offerUndo && { actions: [{ label: "Undo", testId: "toast-undo", onClick: () => void set(!mute, false) }], duration: 15_000 }),
      ...(!offerUndo && { duration: 5000 }),
    });
    router.refresh();
  }

  return (
    <span className="inline-flex max-w-full items-center gap-1 text-xs" data-testid="subject-reporter">
      <span className="truncate font-mono text-muted" title={reporter}>{reporter}</span>
      {muted ? <span className="text-muted">(muted)</span> : null}
      <button type="button" className={small} disabled={busy || !hydrated} onClick={() => void set(!muted, true)} data-testid={muted ? "reporter-unmute" : "reporter-mute"}>
        {muted ? "Unmute" : "Mute"}
      </button>
    </span>
  );
}
