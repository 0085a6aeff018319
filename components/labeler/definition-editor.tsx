"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { blurOptions, defaultSettings, severities } from "@/lib/labels/definitions/label-definition-options";
import type { LabelDefinition } from "@/lib/labels/definitions/label-definition-schema";
import { requestJson } from "../request-json";
import { FormError } from "../form-error";

export const field =
  "block h-11 w-full rounded-lg border border-line bg-background px-3 text-base outline-none focus-visible:border-accent focus-visible:outline-2 focus-visible:outline-offset-1 focus-visible:outline-ring";
export const button = "inline-flex h-11 items-center justify-center rounded-lg px-4 font-semibold disabled:cursor-wait disabled:opacity-70";

type Locale = LabelDefinition["locales"][number];
const emptyLocale: Locale = { lang: "en", name: "", description: "" };

/** Creates or replaces one definition (same identifier = replace). */
export function DefinitionForm({ initial }: { initial?: LabelDefinition }) {
  const router = useRouter();
  const [locales, setLocales] = useState<Locale[]>(initial?.locales ?? [emptyLocale]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const answer = await requestJson("/api/labeler/definitions", {
      body: {
        identifier: form.get("identifier"),
        severity: form.get("severity"),
        blurs: form.get("blurs"),
        defaultSetting: form.get("defaultSetting"),
        adultOnly: form.get("adultOnly") === "on",
        locales,
      },
    });
    setBusy(false);
    if (!answer.ok) return setError(answer.error);
    if (!initial) setLocales([emptyLocale]);
    router.refresh();
  }

  const setLocale = (index: number, change: Partial<Locale>) => setLocales(locales.map((l, i) => (i === index ? { ...l, ...change } : l)));
  const select = (name: string, options: readonly string[], value: string) => (
    <label className="space-y-1.5 text-sm font-medium">
      <span>{name}</span>
      <select name={name} defaultValue={value} className={field} data-testid={`definition-${name}`}>
        {options.map((option) => (
          <option key={option}>{option}</option>
        ))}
      </select>
    </label>
  );

  return (
    <form onSubmit={onSubmit} className="grid gap-3 rounded-xl border border-line bg-surface p-4 sm:grid-cols-2" data-testid="definition-form">
      <label className="space-y-1.5 text-sm font-medium sm:col-span-2">
        <span>Identifier (lowercase letters and -)</span>
        <input name="identifier" required maxLength={100} pattern="[a-z-]+" defaultValue={initial?.identifier} readOnly={Boolean(initial)} autoComplete="off" className={field} data-testid="definition-identifier" />
      </label>
      {select("severity", severities, initial?.severity ?? "alert")}
      {select("blurs", blurOptions, initial?.blurs ?? "none")}
      {select("defaultSetting", defaultSettings, initial?.defaultSetting ?? "warn")}
      <label className="flex h-11 items-center gap-2 self-end text-sm font-medium">
        <input type="checkbox" name="adultOnly" defaultChecked={initial?.adultOnly} className="size-5" /> Adult only
      </label>
      {locales.map((locale, index) => (
        <fieldset key={index} className="grid gap-2 rounded-lg border border-line p-3 sm:col-span-2 sm:grid-cols-[6rem_1fr]">
          <legend className="px-1 text-sm text-muted">Locale {index + 1}{index === 0 ? " (shown when the reader's language is missing)" : ""}</legend>
          <input aria-label="Language" value={locale.lang} onChange={(e) => setLocale(index, { lang: e.target.value })} required className={field} />
          <input aria-label="Name" placeholder="Name" value={locale.name} maxLength={64} onChange={(e) => setLocale(index, { name: e.target.value })} required className={field} data-testid="definition-name" />
          <textarea aria-label="Description" placeholder="Description" value={locale.description} onChange={(e) => setLocale(index, { description: e.target.value })} required rows={2} className={`${field} h-auto py-2 sm:col-span-2`} data-testid="definition-description" />
          {locales.length > 1 ? (
            <button type="button" onClick={() => setLocales(locales.filter((_, i) => i !== index))} className={`${button} border border-line sm:col-span-2`}>
              Remove locale
            </button>
          ) : null}
        </fieldset>
      ))}
      <button type="button" onClick={() => setLocales([...locales, { ...emptyLocale, lang: "" }])} className={`${button} border border-line`}>
        Add a locale
      </button>
      <button type="submit" disabled={busy} className={`${button} bg-accent text-accent-foreground`} data-testid="definition-submit">
        {initial ? "Save" : "Add definition"}
      </button>
      <FormError message={error} testId="definition-error" className="sm:col-span-2" />
    </form>
  );
}

export function DeleteDefinitionButton({ identifier }: { identifier: string }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  async function onClick() {
    if (!window.confirm(`Delete ${identifier}? Warden will refuse to emit it afterwards.`)) return;
    const answer = await requestJson(`/api/labeler/definitions/${encodeURIComponent(identifier)}`, { method: "DELETE" });
    if (!answer.ok) return setError(answer.error);
    router.refresh();
  }
  return (
    <>
      <button type="button" onClick={onClick} className={`${button} border border-line text-danger`} data-testid={`delete-${identifier}`}>
        Delete
      </button>
      {error ? <span role="alert" className="text-sm text-danger">{error}</span> : null}
    </>
  );
}
