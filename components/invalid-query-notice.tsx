import Link from "next/link";
import type { ReactNode } from "react";
import { Notice } from "./notice";

/** A page's answer to a query or page link it cannot read: what is wrong, and a link back to the page without it. */
export function InvalidQueryNotice({ testId, href, linkText, children }: { testId: string; href: string; linkText: string; children: ReactNode }) {
  return (
    <Notice tone="error" testId={testId}>
      {children}{" "}
      <Link href={href} className="font-semibold underline underline-offset-2">
        {linkText}
      </Link>
    </Notice>
  );
}
