"use client";

import { useState } from "react";
import { LabelerSetup } from "./labeler-setup";
import { LabelerStatusCard } from "./labeler-status-card";

/** The labeler's part of Settings: the guided setup, and the doctor's card, checked again when setup finishes. */
export function LabelerSettings() {
  const [setupRuns, setSetupRuns] = useState(0);
  return (
    <>
      <section aria-labelledby="labeler-setup-title" className="mt-8 rounded-xl border border-line bg-surface p-4 sm:p-5">
        <details>
          <summary className="cursor-pointer py-1" data-testid="labeler-setup-open">
            <h2 id="labeler-setup-title" className="inline text-lg font-semibold">
              Set up the labeler account
            </h2>
          </summary>
          <p className="mt-2 max-w-prose text-sm text-muted">
            What <code>npm run labeler -- setup</code> does: points a Bluesky account&apos;s DID document at Warden&apos;s signing key and
            PUBLIC_URL, then publishes its service record from the label definitions. Each step shows what it changes and asks first;
            running it again with nothing changed changes nothing.
          </p>
          <LabelerSetup onDone={() => setSetupRuns((runs) => runs + 1)} />
        </details>
      </section>
      <LabelerStatusCard refreshKey={setupRuns} />
    </>
  );
}
