"use client";

import { useState } from "react";
import { secondaryButton } from "./format";

/**
 * Copies a batch link. The Clipboard API exists only on https (and localhost); elsewhere
 * the button says so and the link beside it stays selectable.
 */
export function CopyButton({ text, label = "Copy link" }: { text: string; label?: string }) {
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  async function copy() {
    try {
      await navigator.clipboard.writeText(text);
      setState("copied");
    } catch {
      setState("failed");
    }
  }
  return (
    <button type="button" onClick={copy} className={secondaryButton} data-testid="copy-link">
      <span aria-live="polite">{state === "copied" ? "Copied" : state === "failed" ? "Select the link to copy it" : label}</span>
    </button>
  );
}
