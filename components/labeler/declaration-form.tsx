"use client";

import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import type { LabelerDeclaration } from "@/lib/labels/definitions/label-definition-schema";
import { useHydrated } from "../relay/use-hydrated";
import { requestJson } from "../request-json";
import { button, field } from "./definition-editor";

type Key = keyof LabelerDeclaration;
const fields: { key: Key; title: string; example: string }[] = [
  { key: "reasonTypes", title: "Report reasons (reasonTypes)", example: "com.atproto.moderation.defs#reasonSpam" },
  { key: "subjectTypes", title: "Subject types (subjectTypes)", example: "account, record or chat" },
  { key: "subjectCollections", title: "Record collections (subjectCollections)", example: "app.bsky.feed.post" },
];

type Mode = "all" | "none" | "list";
const modeOf = (list: string[] | null): Mode => (list === null ? "all" : list.length === 0 ? "none" : "list");

/** The three report-scope lists: missing = all, empty = none (as the Bluesky app reads them). */
export function DeclarationForm({ declaration }: { declaration: LabelerDeclaration }) {
  const router = useRouter();
  // A choice made before hydration would change the select but not `modes`: no list would appear.
  const hydrated = useHydrated();
  const [modes, setModes] = useState<Record<Key, Mode>>({
    reasonTypes: modeOf(declaration.reasonTypes),
    subjectTypes: modeOf(declaration.subjectTypes),
    subjectCollections: modeOf(declaration.subjectCollections),
  });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const list = (key: Key) =>
      modes[key] === "all" ? null : modes[key] === "none" ? [] : String(form.get(key) ?? "").split(/[\s,]+/).filter(Boolean);
    const answer = await requestJson("/api/labeler/declaration", {
      method: "PUT",
      body: { reasonTypes: list("reasonTypes"), subjectTypes: list("subjectTypes"), subjectCollections: list("subjectCollections") },
    });
    setMessage(answer.ok ? { ok: true, text: "Saved. Re-publish the service record to announce it." } : { ok: false, text: answer.error });
    if (answer.ok) router.refresh();
  }

  return (
    <form onSubmit={onSubmit} className="grid gap-4 rounded-xl border border-line bg-surface p-4" data-testid="declaration-form">
      <p className="text-sm text-muted">
        These decide which reports the Bluesky app lets users send to this labeler. <strong>All</strong> leaves the field
        out of the record: every current and future value is accepted. <strong>None</strong> publishes an empty list: the
        app offers nothing. <strong>Only these</strong> lists the accepted values.
      </p>
      {fields.map(({ key, title, example }) => (
        <fieldset key={key} className="grid gap-2">
          <legend className="mb-1 text-sm font-semibold">{title}</legend>
          <select aria-label={`${title}: scope`} disabled={!hydrated} value={modes[key]} onChange={(e) => setModes({ ...modes, [key]: e.target.value as Mode })} className={field} data-testid={`declaration-${key}-mode`}>
            <option value="all">All (field left out)</option>
            <option value="none">None (empty list)</option>
            <option value="list">Only these</option>
          </select>
          {modes[key] === "list" ? (
            <textarea name={key} aria-label={`${title}: values`} defaultValue={(declaration[key] ?? []).join("\n")} placeholder={`One per line, e.g. ${example}`} rows={3} className={`${field} h-auto py-2`} data-testid={`declaration-${key}`} />
          ) : null}
        </fieldset>
      ))}
      <button type="submit" disabled={!hydrated} className={`${button} bg-accent text-accent-foreground`} data-testid="declaration-submit">
        Save scope
      </button>
      {message ? (
        <p role={message.ok ? "status" : "alert"} className={`rounded-lg px-3 py-2 text-sm ${message.ok ? "bg-accent-soft" : "bg-danger-soft text-danger"}`}>
          {message.text}
        </p>
      ) : null}
    </form>
  );
}
