import { recordAudit } from "@/lib/audit/record-audit";
import { db } from "@/lib/db";
import type { Prisma } from "@/lib/db/generated/client";
import { AppError } from "@/lib/errors";
import { declarationSchema, labelDefinitionSchema, type LabelDefinition, type LabelDefinitionInput, type LabelerDeclaration } from "./label-definition-schema";

const SETTINGS_ID = 1;
/** Another process's edit is seen within this long; this process's own edits at once. */
const CACHE_MS = 10_000;

type Cache = { values: ReadonlySet<string>; loadedAt: number };
const globals = globalThis as typeof globalThis & { __wardenLabelValues?: Promise<Cache> };

/** The defined identifiers, from memory (re-read every 10 s, and after every edit here). */
export async function definedLabelValues(): Promise<ReadonlySet<string>> {
  const cached = globals.__wardenLabelValues && (await globals.__wardenLabelValues.catch(() => undefined));
  if (cached && Date.now() - cached.loadedAt < CACHE_MS) return cached.values;
  const loading = db()
    .labelDefinition.findMany({ select: { identifier: true } })
    .then((rows) => ({ values: new Set(rows.map((row) => row.identifier)), loadedAt: Date.now() }));
  globals.__wardenLabelValues = loading;
  return (await loading).values;
}

export function forgetDefinedLabelValues(): void {
  globals.__wardenLabelValues = undefined;
}

export async function listLabelDefinitions(): Promise<LabelDefinition[]> {
  const rows = await db().labelDefinition.findMany({ orderBy: { identifier: "asc" } });
  return rows.map((row) => ({
    identifier: row.identifier,
    severity: row.severity as LabelDefinition["severity"],
    blurs: row.blurs as LabelDefinition["blurs"],
    defaultSetting: row.defaultSetting as LabelDefinition["defaultSetting"],
    adultOnly: row.adultOnly,
    locales: row.locales as LabelDefinition["locales"],
  }));
}

/** Creates or replaces one definition (validated here too: the CLI and tests call this directly). */
export async function saveLabelDefinition(input: LabelDefinitionInput, actor: string): Promise<LabelDefinition> {
  const definition = labelDefinitionSchema.parse(input);
  const { identifier, ...fields } = definition;
  await db().$transaction(async (tx) => {
    const before = await tx.labelDefinition.findUnique({ where: { identifier } });
    await tx.labelDefinition.upsert({ where: { identifier }, create: definition, update: fields });
    await recordAudit({ actor, action: before ? "label_definition.update" : "label_definition.create", subject: identifier, detail: fields }, tx);
  });
  forgetDefinedLabelValues();
  return definition;
}

export async function deleteLabelDefinition(identifier: string, actor: string): Promise<void> {
  await db().$transaction(async (tx) => {
    const { count } = await tx.labelDefinition.deleteMany({ where: { identifier } });
    if (count === 0) throw new AppError("not_found", `No label definition ${identifier}`);
    await recordAudit({ actor, action: "label_definition.delete", subject: identifier }, tx);
  });
  forgetDefinedLabelValues();
}

const asList = (value: Prisma.JsonValue | null | undefined): string[] | null => (Array.isArray(value) ? (value as string[]) : null);

/** reasonTypes, subjectTypes and subjectCollections as the service record will carry them. */
export async function readDeclaration(): Promise<LabelerDeclaration> {
  const row = await db().labelerSettings.findUnique({ where: { id: SETTINGS_ID } });
  return {
    reasonTypes: asList(row?.reasonTypes),
    subjectTypes: asList(row?.subjectTypes) as LabelerDeclaration["subjectTypes"],
    subjectCollections: asList(row?.subjectCollections),
  };
}

export async function saveDeclaration(input: unknown, actor: string): Promise<LabelerDeclaration> {
  const declaration = declarationSchema.parse(input);
  // Raw SQL: a SQL NULL (not a JSON null) is what "left out" means.
  await db().$transaction(async (tx) => {
    await tx.$executeRaw`
      INSERT INTO labeler_settings (id, reason_types, subject_types, subject_collections, updated_at)
      VALUES (${SETTINGS_ID}, ${json(declaration.reasonTypes)}::jsonb, ${json(declaration.subjectTypes)}::jsonb,
              ${json(declaration.subjectCollections)}::jsonb, now())
      ON CONFLICT (id) DO UPDATE SET reason_types = excluded.reason_types, subject_types = excluded.subject_types,
        subject_collections = excluded.subject_collections, updated_at = now()`;
    await recordAudit({ actor, action: "labeler.declaration", detail: declaration }, tx);
  });
  return declaration;
}

const json = (list: string[] | null) => (list === null ? null : JSON.stringify(list));
