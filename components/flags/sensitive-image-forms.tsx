"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { requestJson } from "../request-json";
import { field, primaryButton, secondaryButton } from "./format";
import { FormError } from "../form-error";

/** Null when the request succeeded, else the sentence to show. */
async function post(path: string, body: unknown): Promise<string | null> {
  const answer = await requestJson(path, { body });
  return answer.ok ? null : answer.error;
}

/** Adds an image by its storage id, its URL, or both. */
export function AddSensitiveImageForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = Object.fromEntries(new FormData(formElement));
    setBusy(true);
    const failure = await post("/admin/sensitive-images", form);
    setBusy(false);
    setError(failure);
    if (failure) return;
    formElement.reset();
    router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="mb-4 grid gap-3 rounded-xl border border-line bg-surface p-4 sm:grid-cols-2" data-testid="add-image-form">
      {[
        ["image_id", "Image id (storage key)"],
        ["url", "Image URL"],
        ["reason", "Reason"],
      ].map(([name, label]) => (
        <label key={name} className="space-y-1.5 text-sm font-medium">
          <span>{label}</span>
          <input name={name} autoComplete="off" maxLength={2000} type={name === "url" ? "url" : "text"} className={field} />
        </label>
      ))}
      <div className="flex items-end">
        <button type="submit" disabled={busy} className={primaryButton}>
          Add image
        </button>
      </div>
      <FormError message={error} className="sm:col-span-2" />
    </form>
  );
}

export function RemoveSensitiveImageButton({ id }: { id: number }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  async function remove() {
    const failure = await post("/admin/sensitive-images/remove", { id });
    setError(failure);
    if (!failure) router.refresh();
  }
  return (
    <>
      <button type="button" onClick={remove} className={`${secondaryButton} text-danger`}>
        Remove
      </button>
      {error ? <span role="alert" className="ml-2 text-sm text-danger">{error}</span> : null}
    </>
  );
}
