"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { requestJson } from "@/components/request-json";
import { buttonClass } from "../relay/styles";
import { FormError } from "../form-error";

type State = { step: "idle" | "confirm" | "busy" } | { step: "done"; message: string } | { step: "error"; message: string };

type UndoButtonProps = {
  decisionId: string;
  /** What undoing does, in one sentence. */
  consequence: string;
  /** Already undone: nothing to offer, but an answer given here stays shown after the refresh. */
  undone: boolean;
  /** Re-render the page after the undo; off where the item would leave the page and take the answer with it. */
  refresh?: boolean;
};

/** Undo an automatic triage action, after an inline confirmation; the answer (or the 409) shows in place. */
export function UndoButton({ decisionId, consequence, undone, refresh = true }: UndoButtonProps) {
  const router = useRouter();
  const [state, setState] = useState<State>({ step: "idle" });

  async function undo() {
    setState({ step: "busy" });
    const result = await requestJson<{ message: string }>(`/api/triage/decisions/${encodeURIComponent(decisionId)}/undo`, { body: {} });
    if (!result.ok) return setState({ step: "error", message: result.error });
    setState({ step: "done", message: result.data.message });
    if (refresh) router.refresh();
  }

  if (state.step === "done") {
    return (
      <p role="status" className="text-sm font-medium [overflow-wrap:anywhere]" data-testid="undo-done">
        Undone. {state.message}
      </p>
    );
  }
  if (undone) return null;
  return (
    <div className="space-y-2" data-testid="undo">
      {state.step === "confirm" || state.step === "busy" ? (
        <div className="space-y-2 rounded-lg border border-line bg-surface-raised p-3 text-sm">
          <p>{consequence}</p>
          <div className="grid grid-cols-2 gap-2 sm:flex">
            <button type="button" className={buttonClass.danger} disabled={state.step === "busy"} onClick={undo} data-testid="undo-confirm">
              {state.step === "busy" ? "Undoing…" : "Undo"}
            </button>
            <button type="button" className={buttonClass.secondary} disabled={state.step === "busy"} onClick={() => setState({ step: "idle" })}>
              Cancel
            </button>
          </div>
        </div>
      ) : (
        <button type="button" className={buttonClass.secondary} onClick={() => setState({ step: "confirm" })} data-testid="undo-open">
          Undo…
        </button>
      )}
      <FormError message={state.step === "error" ? state.message : null} testId="undo-error" />
    </div>
  );
}
