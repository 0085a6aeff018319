"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { requestJson } from "@/components/request-json";
import { buttonClass } from "../relay/styles";
import { useHydrated } from "../relay/use-hydrated";
import { FormError } from "../form-error";

/** Starts a dry run (nothing is changed) and opens it when it ends; errors show in place. */
export function RunNowButton() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const hydrated = useHydrated();

  async function run() {
    setBusy(true);
    setError(null);
    const result = await requestJson<{ run: { id: string } }>("/api/triage/runs", { body: { dry_run: true } });
    if (!result.ok) {
      setBusy(false);
      return setError(result.error);
    }
    router.push(`/triage/runs/${encodeURIComponent(result.data.run.id)}`);
  }

  return (
    <div className="flex flex-col items-stretch gap-2 sm:items-end">
      <button type="button" className={buttonClass.primary} disabled={busy || !hydrated} onClick={run} data-testid="run-now">
        {busy ? "Running… (up to a minute)" : "Run now (dry run)"}
      </button>
      <FormError message={error} testId="run-now-error" className="max-w-sm" />
    </div>
  );
}
