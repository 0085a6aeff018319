import { createHash } from "node:crypto";
import { createWriteStream } from "node:fs";
import { once } from "node:events";
import { Secp256k1Keypair } from "@atproto/crypto";
import pg from "pg";
import { labelSigningBytes, unsignedLabel, verifyLabel, type UnsignedLabel } from "@/lib/labels/sign-label";
import { ecdsaSigner } from "@/lib/labels/signing-keypair";

/** One label as seeded into both services. */
export type SeedLabel = UnsignedLabel & { seq: number; sig: Uint8Array };

const VALS = ["spam", "porn", "rude", "impersonation"];
const PER_ACCOUNT = 10;
const BATCH = 5_000;

export const accountDid = (account: number) => `did:plc:bench${account.toString(36).padStart(19, "0")}`;
export const postUri = (account: number, post: number) => `at://${accountDid(account)}/app.bsky.feed.post/3k${post.toString(36).padStart(11, "0")}`;

/**
 * `count` labels over count/10 accounts (ten posts each); every 20th label negates one
 * five before it, so both services also hold superseded rows. Signed for real with
 * Warden's signer (DAG-CBOR, SHA-256, low-S compact secp256k1 via libsecp256k1); a sample
 * is checked with @atproto/crypto's strict verifier.
 */
export function* seedLabels(count: number, src: string, privateKey: Uint8Array): Generator<SeedLabel> {
  const base = Date.parse("2026-01-01T00:00:00.000Z");
  const recent: SeedLabel[] = [];
  for (let i = 0; i < count; i++) {
    const negated = i % 20 === 19 ? recent[recent.length - 5] : undefined;
    const unsigned = unsignedLabel({
      src,
      uri: negated?.uri ?? postUri(Math.floor(i / PER_ACCOUNT), i),
      val: negated?.val ?? VALS[i % VALS.length]!,
      neg: Boolean(negated),
      cts: new Date(base + i).toISOString(),
    });
    const hash = createHash("sha256").update(labelSigningBytes(unsigned)).digest();
    const label: SeedLabel = { ...unsigned, seq: i + 1, sig: ecdsaSigner.sign(hash, privateKey) };
    recent.push(label);
    if (recent.length > 20) recent.shift();
    yield label;
  }
}

/** Writes the labels into Warden's tables (as imported history) and an NDJSON file for skyware. */
export async function seedDatabases(options: { databaseUrl: string; count: number; src: string; privateKeyHex: string; skywareFile: string }): Promise<void> {
  const privateKey = Buffer.from(options.privateKeyHex, "hex");
  const didKey = (await Secp256k1Keypair.import(options.privateKeyHex)).did();
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  const file = createWriteStream(options.skywareFile);
  try {
    let batch: SeedLabel[] = [];
    for (const label of seedLabels(options.count, options.src, privateKey)) {
      if (label.seq % 10_000 === 1) {
        const { sig, seq, ...unsigned } = label;
        if (!(await verifyLabel({ ...unsigned, sig }, didKey))) throw new Error(`seed label ${seq} does not verify`);
      }
      batch.push(label);
      if (!file.write(JSON.stringify([label.seq, label.uri, label.val, label.neg === true, label.cts, Buffer.from(label.sig).toString("base64")]) + "\n")) {
        await once(file, "drain");
      }
      if (batch.length === BATCH) {
        await insert(client, batch);
        batch = [];
      }
    }
    if (batch.length) await insert(client, batch);
    await client.query(`SELECT setval(pg_get_serial_sequence('labels', 'seq'), (SELECT max(seq) FROM labels))`);
    await client.query(`INSERT INTO label_heads (src, uri, cid, val, seq)
      SELECT DISTINCT ON (src, uri, coalesce(cid, ''), val) src, uri, coalesce(cid, ''), val, seq
      FROM labels ORDER BY src, uri, coalesce(cid, ''), val, seq DESC`);
    // What autovacuum does after a bulk load: statistics, and the visibility map that lets
    // the replay read label_heads' seq index without visiting the table.
    await client.query("VACUUM ANALYZE labels");
    await client.query("VACUUM ANALYZE label_heads");
  } finally {
    file.end();
    await once(file, "close");
    await client.end();
  }
}

async function insert(client: pg.Client, labels: SeedLabel[]): Promise<void> {
  await client.query(
    `INSERT INTO labels (seq, src, uri, val, neg, cts, sig)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::bool[], $6::timestamptz[], $7::bytea[])`,
    [
      labels.map((label) => label.seq),
      labels.map((label) => label.src),
      labels.map((label) => label.uri),
      labels.map((label) => label.val),
      labels.map((label) => label.neg === true),
      labels.map((label) => label.cts),
      labels.map((label) => Buffer.from(label.sig)),
    ],
  );
}

/**
 * Copies Warden's current labels (label_heads: Ozone keeps one row per src, uri, cid, val)
 * into Ozone's own label table in `schema`, with their ids as seqs and Ozone's signing key
 * id, so that Ozone serves the same signed labels without re-signing them.
 */
export async function seedOzone(options: { databaseUrl: string; schema: string; signingKeyId: number }): Promise<number> {
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  const iso = (column: string) => `to_char(${column}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
  const table = `"${options.schema}".label`;
  try {
    const { rowCount } = await client.query(
      `INSERT INTO ${table} (id, src, uri, cid, val, neg, cts, exp, sig, "signingKeyId")
       SELECT l.seq, l.src, l.uri, coalesce(l.cid, ''), l.val, l.neg, ${iso("l.cts")}, ${iso("l.exp")}, l.sig, $1
       FROM label_heads h JOIN labels l ON l.seq = h.seq ORDER BY l.seq`,
      [options.signingKeyId],
    );
    await client.query(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), (SELECT max(id) FROM ${table}))`);
    await client.query(`VACUUM ANALYZE ${table}`);
    return rowCount ?? 0;
  } finally {
    await client.end();
  }
}
