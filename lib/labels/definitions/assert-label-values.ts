import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { GLOBAL_LABEL_VALUES } from "./label-definition-schema";
import { definedLabelValues } from "./label-definitions";

/**
 * Refuses to emit a label whose value is neither defined nor global: subscribers'
 * apps would show it as an unknown value. Negations always pass, so a label can be
 * retracted after its definition is gone. LABEL_UNDEFINED_VALUES=allow turns the check
 * off (while migrating from another labeler).
 */
export async function assertLabelValuesDefined(labels: readonly { val: string; neg?: boolean }[]): Promise<void> {
  if (env().LABEL_UNDEFINED_VALUES === "allow") return;
  let defined: ReadonlySet<string> | undefined;
  for (const { val, neg } of labels) {
    if (neg || GLOBAL_LABEL_VALUES.has(val)) continue;
    defined ??= await definedLabelValues();
    if (!defined.has(val)) {
      throw new AppError(
        "invalid_request",
        `val: "${val}" is not a defined label value: define it on the Label definitions page first (global values such as porn or !hide need none)`,
      );
    }
  }
}
