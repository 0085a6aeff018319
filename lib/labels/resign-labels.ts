import type { Prisma } from "@/lib/db/generated/client";
import { labelFromRow } from "./label-codec";
import { signLabels, unsignedLabel } from "./sign-label";
import type { SigningKeypair } from "./signing-keypair";

type LabelClient = Pick<Prisma.TransactionClient, "label" | "$executeRaw">;

/** New signatures by seq, as the SQL parameters they are written with. */
export type Signatures = { seqs: string[]; sigs: string[]; lastSeq: bigint };

const READ_PAGE = 5_000;
const WRITE_BATCH = 10_000;

/** Signs every stored label with seq > after with `keypair`, exactly as the codec presents it. */
export async function resignLabels(client: LabelClient, keypair: SigningKeypair, after = 0n): Promise<Signatures> {
  const out: Signatures = { seqs: [], sigs: [], lastSeq: after };
  for (;;) {
    const rows = await client.label.findMany({ where: { seq: { gt: out.lastSeq } }, orderBy: { seq: "asc" }, take: READ_PAGE });
    const signed = await signLabels(rows.map((row) => unsignedLabel(labelFromRow(row))), keypair);
    rows.forEach((row, i) => {
      out.seqs.push(String(row.seq));
      out.sigs.push(Buffer.from(signed[i]!.sig).toString("hex"));
    });
    if (rows.length > 0) out.lastSeq = rows.at(-1)!.seq;
    if (rows.length < READ_PAGE) return out;
  }
}

/** Writes signatures in a few large statements rather than one per label. */
export async function writeSignatures(client: LabelClient, { seqs, sigs }: Signatures): Promise<void> {
  for (let start = 0; start < seqs.length; start += WRITE_BATCH) {
    const end = start + WRITE_BATCH;
    await client.$executeRaw`
      UPDATE labels SET sig = decode(u.sig, 'hex')
      FROM unnest(${seqs.slice(start, end)}::bigint[], ${sigs.slice(start, end)}::text[]) AS u(seq, sig)
      WHERE labels.seq = u.seq`;
  }
}
