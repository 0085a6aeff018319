import type { Metadata } from "next";
import { DeclarationForm } from "@/components/labeler/declaration-form";
import { DefinitionForm, DeleteDefinitionButton } from "@/components/labeler/definition-editor";
import { PageHeader } from "@/components/page-header";
import { can } from "@/lib/auth/permissions";
import { requirePagePrincipal } from "@/lib/auth/session";
import { GLOBAL_LABEL_VALUES } from "@/lib/labels/definitions/label-definition-schema";
import { listLabelDefinitions, readDeclaration } from "@/lib/labels/definitions/label-definitions";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Label definitions" };

export default async function LabelDefinitionsPage() {
  const principal = await requirePagePrincipal("/label-definitions");
  if (!can(principal.role, "labeler:manage")) {
    return (
      <>
        <PageHeader title="Label definitions" />
        <p className="text-muted">Only an admin can edit label definitions.</p>
      </>
    );
  }
  const [definitions, declaration] = await Promise.all([listLabelDefinitions(), readDeclaration()]);

  return (
    <>
      <PageHeader title="Label definitions" />
      <p className="mb-4 max-w-prose text-sm text-muted">
        Warden emits only defined values and the global ones every app knows ({[...GLOBAL_LABEL_VALUES].join(", ")}). The
        service record published by <code>npm run labeler -- setup</code> (or the Settings page) declares these.
      </p>
      <ul className="mb-6 grid gap-3" data-testid="definition-list">
        {definitions.map((definition) => (
          <li key={definition.identifier} className="rounded-xl border border-line bg-surface p-4" data-testid="definition-row" data-identifier={definition.identifier}>
            <div className="flex flex-wrap items-center justify-between gap-2">
              <h2 className="font-mono font-semibold [overflow-wrap:anywhere]">{definition.identifier}</h2>
              <DeleteDefinitionButton identifier={definition.identifier} />
            </div>
            <p className="mt-1 text-sm text-muted">
              severity {definition.severity} · blurs {definition.blurs} · default {definition.defaultSetting}
              {definition.adultOnly ? " · adult only" : ""} · {definition.locales.map((l) => `${l.lang}: ${l.name}`).join(", ")}
            </p>
            <details className="mt-2">
              <summary className="cursor-pointer text-sm font-medium">Edit</summary>
              <div className="mt-2">
                <DefinitionForm initial={definition} />
              </div>
            </details>
          </li>
        ))}
      </ul>
      <h2 className="mb-2 text-lg font-semibold">Add a definition</h2>
      <DefinitionForm />
      <h2 className="mt-8 mb-2 text-lg font-semibold">Which reports this labeler accepts</h2>
      <DeclarationForm declaration={declaration} />
    </>
  );
}
