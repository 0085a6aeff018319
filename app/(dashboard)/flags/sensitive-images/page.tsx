import type { Metadata } from "next";
import Link from "next/link";
import { EmptyState } from "@/components/empty-state";
import { AddSensitiveImageForm, RemoveSensitiveImageButton } from "@/components/flags/sensitive-image-forms";
import { PageHeader } from "@/components/page-header";
import { Timestamp } from "@/components/timestamp";
import { can } from "@/lib/auth/permissions";
import { requirePagePrincipal } from "@/lib/auth/session";
import { listSensitiveImages } from "@/lib/flags/list-sensitive-images";
import { DataTable } from "@/components/data-table";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Sensitive images" };

/** The list clients fetch from GET /sensitive-images to blur artwork and avatars. */
export default async function SensitiveImagesPage() {
  const principal = await requirePagePrincipal("/flags/sensitive-images");
  const canEdit = can(principal.role, "flags:review");
  const images = await listSensitiveImages();

  return (
    <>
      <Link href="/flags" className="mb-2 inline-flex min-h-11 items-center text-sm font-medium text-accent">
        ← Flags
      </Link>
      <PageHeader
        title="Sensitive images"
        description={
          <>
            Images clients should blur. They read the list, without a token, at{" "}
            <a href="/sensitive-images" className="font-mono text-accent underline">
              /sensitive-images
            </a>
            .
          </>
        }
      />
      {canEdit ? <AddSensitiveImageForm /> : null}
      {images.length === 0 ? (
        <EmptyState title="No sensitive images" testId="images-empty" />
      ) : (
        <DataTable caption="Sensitive images, newest first" columns={["Image", "Reason", "Flagged by", "Added (UTC)", { srOnly: "Actions" }]}>
          {images.map((image) => (
            <tr key={image.id} data-testid="image-row">
              <td data-label="Image" className="[overflow-wrap:anywhere]">
                {image.imageId ? <div className="font-mono text-xs">{image.imageId}</div> : null}
                {image.url ? <div className="font-mono text-xs text-muted">{image.url}</div> : null}
              </td>
              <td data-label="Reason" className="[overflow-wrap:anywhere]">{image.reason ?? "—"}</td>
              <td data-label="Flagged by" className="[overflow-wrap:anywhere]">{image.flaggedBy ?? "—"}</td>
              <td data-label="Added">
                <Timestamp date={image.createdAt} style="iso" />
              </td>
              <td data-label="Actions">{canEdit ? <RemoveSensitiveImageButton id={image.id} /> : null}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </>
  );
}
