import { db } from "@/lib/db";

/** Report subjects waiting in the inbox (open), for the triage page's counts. */
export async function countOpenSubjects(): Promise<number> {
  return db().reportSubject.count({ where: { state: "open" } });
}
