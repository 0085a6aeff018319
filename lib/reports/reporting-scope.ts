import { z } from "zod";
import { db } from "@/lib/db";

export type ReportingScope = {
  /** null: not declared, every reason (or type, or collection) is accepted. */
  reasonTypes: string[] | null;
  subjectTypes: string[] | null;
  subjectCollections: string[] | null;
};

const list = z.array(z.string()).nullable().catch(null);

/**
 * What the labeler's declaration says it takes reports about, from the
 * labeler_settings row. Stand-in until lib/labels/definitions' readDeclaration()
 * lands on main (issue 16); then this becomes that import.
 */
export async function readReportingScope(): Promise<ReportingScope> {
  const row = await db().labelerSettings.findUnique({ where: { id: 1 } });
  return {
    reasonTypes: list.parse(row?.reasonTypes ?? null),
    subjectTypes: list.parse(row?.subjectTypes ?? null),
    subjectCollections: list.parse(row?.subjectCollections ?? null),
  };
}
