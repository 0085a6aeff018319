"use client";

import { useState } from "react";

/**
 * Copies a value; falls back to a hidden textarea where the Clipboard API is
 * unavailable (plain http). `label` names what is copied, for screen readers.
 */
export function CopyButton({ value, label, text = "Copy", testId }: { value: string; label: string; text?: string; testId?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");

  async function copy() {
    try {
      if (navigator.clipboard && window.isSecureContext) await navigator.clipboard.writeText(value);
      else copyWithSelection(value);
      setState("copied");
    } catch {
      setState("failed");
    }
    setTimeout(() => setState("idle"), 2000);
  }

  return (
    <button
      type="button"
      onClick={copy}
      aria-label={`Copy ${label}`}
      data-testid={testId}
      className="inline-flex min-h-11 min-w-20 shrink-0 items-center justify-center rounded-lg border border-line px-3 text-sm font-medium hover:bg-surface-raised"
    >
      <span aria-live="polite">{state === "copied" ? "Copied" : state === "failed" ? "Select it" : text}</span>
    </button>
  );
}

function copyWithSelection(value: string): void {
  const area = document.createElement("textarea");
  area.value = value;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  const ok = document.execCommand("copy");
  area.remove();
  if (!ok) throw new Error("copy refused");
}
