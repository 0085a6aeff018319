import { labelToJson, type StoredLabel } from "../label-codec";
import { authorityOf, prefixAuthority } from "../subject-authority";
import { RecordArena } from "./record-arena";

/** What a queryLabels request asks (QueryLabelsQuery, which is built on this module's answers). */
export type LabelQuery = { uriPatterns: string[]; sources: string[]; limit: number; cursor?: number };

const NONE = Buffer.alloc(0);
const FIRST_ROWS = 1024;

/** A head's fields, one typed array each. Offsets are into the row's record: the URI and CID as quoted JSON. */
const COLUMN_TYPES = {
  seq: Float64Array,
  at: Float64Array,
  length: Uint32Array,
  uriStart: Uint32Array,
  uriLength: Uint32Array,
  cidLength: Uint32Array,
  uriHash: Int32Array,
  account: Uint32Array,
  source: Uint32Array,
  value: Uint32Array,
  live: Uint8Array,
};
type ColumnName = keyof typeof COLUMN_TYPES;
type Columns = { [Name in ColumnName]: InstanceType<(typeof COLUMN_TYPES)[Name]> };
type Row = Record<ColumnName, number>;
const COLUMN_NAMES = Object.keys(COLUMN_TYPES) as ColumnName[];

function allocateColumns(rows: number): Columns {
  return Object.fromEntries(COLUMN_NAMES.map((name) => [name, new COLUMN_TYPES[name](rows)])) as Columns;
}

/**
 * Row numbers in seq order: every head, or one account's. Superseded rows stay until the
 * index is compacted. A plain array of small integers: one account often has one label,
 * and a typed array costs a few hundred bytes of bookkeeping before its first.
 */
type RowList = number[];

/**
 * label_heads in memory, answering queryLabels without a database round trip (decision
 * 021): every head by URI, by account (the authority of an at:// URI, as
 * label_heads.authority) and all of them, in seq order. Fed with every emission in seq
 * order (the sequencer's), it holds exactly what label_heads holds up to `appliedSeq`.
 *
 * Each head is a row: its JSON text, followed by a comma, lies in an arena off the V8
 * heap, and what the index needs to find and order it lies in typed-array columns. So a
 * million heads are a few dozen heap objects for the GC to trace, and a page of them is a
 * few copies of bytes already written (decision 040).
 */
export class LabelIndex {
  /** The highest seq applied. */
  appliedSeq = 0;
  private arena = new RecordArena();
  private rowCount = 0;
  private dead = 0;
  private column = allocateColumns(FIRST_ROWS);
  /** Live rows by their URI's hash: one row, or several (a subject with several heads, or a collision). */
  private byUri = new Map<number, number | number[]>();
  private all: RowList = [];
  private accounts: RowList[] = [];
  private readonly accountIds = new Map<string, number>();
  // A labeler writes few distinct sources and values: an id each.
  private readonly nameIds = new Map<string, number>();

  get size(): number {
    return this.rowCount - this.dead;
  }

  /** Bytes held: the records, the columns and the lists (4 bytes a row in each of two); the maps by URI and account come on top. */
  get bytes(): number {
    return this.arena.bytes + COLUMN_NAMES.reduce((sum, name) => sum + this.column[name].byteLength, 0) + this.rowCount * 8;
  }

  /**
   * Applies emissions. The latest seq of a key wins, whatever the order they come in, so
   * a load and the live emissions it overlaps can both be applied; a head newer than
   * every list's last must come in seq order (both do).
   */
  apply(labels: readonly StoredLabel[]): void {
    for (const label of labels) {
      this.appliedSeq = Math.max(this.appliedSeq, label.seq);
      const quotedUri = Buffer.from(JSON.stringify(label.uri));
      const quotedCid = label.cid ? Buffer.from(JSON.stringify(label.cid)) : NONE;
      const hash = hashOf(quotedUri);
      const source = this.nameId(label.src);
      const value = this.nameId(label.val);
      const previous = this.rowsOf(hash, quotedUri).find(
        (row) => this.column.source[row] === source && this.column.value[row] === value && this.column.cidLength[row] === quotedCid.length && this.cidIs(row, quotedCid),
      );
      if (previous !== undefined && this.column.seq[previous]! >= label.seq) continue;
      if (previous !== undefined) this.supersede(previous);
      const text = JSON.stringify(labelToJson(label.cid === "" ? { ...label, cid: undefined } : label));
      const uriStart = Buffer.byteLength(`{"ver":${label.ver},"src":${JSON.stringify(label.src)},"uri":`);
      const { at, length } = this.arena.append(`${text},`);
      this.addRow({ seq: label.seq, at, length, uriStart, uriLength: quotedUri.length, cidLength: quotedCid.length, uriHash: hash, account: this.accountId(authorityOf(label.uri)), source, value, live: 1 });
    }
    if (this.dead > FIRST_ROWS && this.dead * 2 > this.rowCount) this.compact();
  }

  /**
   * The queryLabels answer as JSON bytes, exactly as the database path writes them, or
   * undefined for a shape it does not hold an index for (a prefix that does not name an
   * account: the database's radix tree answers it).
   */
  answer({ uriPatterns, sources, limit, cursor = 0 }: LabelQuery): Buffer<ArrayBuffer> | undefined {
    const lists: { rows: RowList; prefix?: Buffer }[] = [];
    if (uriPatterns.includes("*")) lists.push({ rows: this.all });
    else {
      for (const pattern of new Set(uriPatterns)) {
        if (!pattern.endsWith("*")) {
          const quotedUri = Buffer.from(JSON.stringify(pattern));
          const rows = this.rowsOf(hashOf(quotedUri), quotedUri).sort((a, b) => this.column.seq[a]! - this.column.seq[b]!);
          lists.push({ rows });
          continue;
        }
        const prefix = pattern.slice(0, -1);
        const authority = prefixAuthority(prefix);
        if (authority === undefined) return undefined;
        const id = this.accountIds.get(authority);
        // The quoted prefix without its closing quote: JSON escapes each character alone, so it begins the quoted URI exactly when the prefix begins the URI.
        lists.push({ rows: id === undefined ? [] : this.accounts[id]!, prefix: Buffer.from(JSON.stringify(prefix).slice(0, -1)) });
      }
    }
    const wanted = sources.length ? new Set(sources.map((source) => this.nameIds.get(source) ?? -1)) : undefined;
    // One more than the page, to know whether another page follows.
    const rows = limit + 1;
    let found = lists.flatMap((list) => this.take(list.rows, cursor, rows, (row) => (!wanted || wanted.has(this.column.source[row]!)) && (!list.prefix || this.uriStartsWith(row, list.prefix))));
    if (lists.length > 1) found = [...new Set(found)].sort((a, b) => this.column.seq[a]! - this.column.seq[b]!).slice(0, rows);
    const page = found.slice(0, limit);
    return this.write(found.length > limit ? `{"cursor":"${this.column.seq[page.at(-1)!]}","labels":[` : `{"labels":[`, page);
  }

  /** The answer's bytes: its opening, then the rows' records, copied a run of adjacent records at a time. */
  private write(opening: string, page: number[]): Buffer<ArrayBuffer> {
    let size = opening.length + (page.length ? 1 : 2);
    for (const row of page) size += this.column.length[row]!;
    const out = Buffer.allocUnsafe(size);
    let offset = out.write(opening, 0, "latin1");
    for (let i = 0; i < page.length; ) {
      const start = this.column.at[page[i]!]!;
      let end = start + this.column.length[page[i]!]!;
      for (i++; i < page.length && this.arena.follows(end, this.column.at[page[i]!]!); i++) end += this.column.length[page[i]!]!;
      offset += this.arena.copyTo(out, offset, start, end - start);
    }
    // Every record ends with a comma: the last one's closes the array instead.
    if (page.length) offset--;
    out[offset++] = 0x5d; // ]
    out[offset++] = 0x7d; // }
    return out;
  }

  /** Live rows whose quoted URI is these bytes. */
  private rowsOf(hash: number, quotedUri: Buffer): number[] {
    const rows = this.byUri.get(hash);
    const candidates = rows === undefined ? [] : Array.isArray(rows) ? rows : [rows];
    return candidates.filter((row) => this.column.uriLength[row] === quotedUri.length && this.uriStartsWith(row, quotedUri));
  }

  private uriStartsWith(row: number, bytes: Buffer): boolean {
    return this.arena.startsWith(this.column.at[row]! + this.column.uriStart[row]!, this.column.uriLength[row]!, bytes);
  }

  private cidIs(row: number, quotedCid: Buffer): boolean {
    // `,"cid":` (7 bytes) follows the quoted URI.
    return quotedCid.length === 0 || this.arena.startsWith(this.column.at[row]! + this.column.uriStart[row]! + this.column.uriLength[row]! + 7, this.column.cidLength[row]!, quotedCid);
  }

  /** Up to `rows` live rows of the list with seq > after that pass `accept`, in seq order. */
  private take(list: RowList, after: number, rows: number, accept: (row: number) => boolean): number[] {
    const out: number[] = [];
    for (let i = this.firstAfter(list, after); i < list.length && out.length < rows; i++) {
      const row = list[i]!;
      if (this.column.live[row] && accept(row)) out.push(row);
    }
    return out;
  }

  /** The index in the list of the first row with seq > after. */
  private firstAfter(list: RowList, after: number): number {
    let low = 0;
    let high = list.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.column.seq[list[middle]!]! <= after) low = middle + 1;
      else high = middle;
    }
    return low;
  }

  private supersede(row: number): void {
    this.column.live[row] = 0;
    this.dead++;
    const rows = this.byUri.get(this.column.uriHash[row]!);
    if (!Array.isArray(rows)) return void this.byUri.delete(this.column.uriHash[row]!);
    const rest = rows.filter((other) => other !== row);
    this.byUri.set(this.column.uriHash[row]!, rest.length === 1 ? rest[0]! : rest);
  }

  private addRow(row: Row): void {
    if (this.rowCount === this.column.seq.length) this.grow(this.rowCount * 2);
    const id = this.rowCount++;
    for (const name of COLUMN_NAMES) this.column[name][id] = row[name];
    const sharing = this.byUri.get(row.uriHash);
    this.byUri.set(row.uriHash, sharing === undefined ? id : Array.isArray(sharing) ? [...sharing, id] : [sharing, id]);
    this.insertInOrder(this.accounts[row.account]!, id);
    this.insertInOrder(this.all, id);
  }

  /** Appends, or inserts where its seq belongs when it is older than the last (a load meeting live emissions). */
  private insertInOrder(list: RowList, row: number): void {
    if (list.length === 0 || this.column.seq[list.at(-1)!]! < this.column.seq[row]!) list.push(row);
    else list.splice(this.firstAfter(list, this.column.seq[row]!), 0, row);
  }

  /** Copies the live rows, in seq order, into a fresh arena and columns, once the superseded ones outnumber them. */
  private compact(): void {
    const { arena, all, column } = this;
    this.arena = new RecordArena();
    this.column = allocateColumns(Math.max(FIRST_ROWS, 2 ** Math.ceil(Math.log2(this.size * 1.5))));
    this.rowCount = this.dead = 0;
    this.byUri = new Map();
    this.all = [];
    this.accounts = this.accounts.map(() => []);
    for (const row of all) {
      if (!column.live[row]) continue;
      const fields = Object.fromEntries(COLUMN_NAMES.map((name) => [name, column[name][row]!])) as Row;
      this.addRow({ ...fields, at: this.arena.appendFrom(arena, fields.at, fields.length) });
    }
  }

  private grow(rows: number): void {
    const old = this.column;
    this.column = allocateColumns(rows);
    for (const name of COLUMN_NAMES) this.column[name].set(old[name]);
  }

  private accountId(authority: string): number {
    let id = this.accountIds.get(authority);
    if (id === undefined) {
      this.accountIds.set(authority, (id = this.accounts.length));
      this.accounts.push([]);
    }
    return id;
  }

  private nameId(name: string): number {
    let id = this.nameIds.get(name);
    if (id === undefined) this.nameIds.set(name, (id = this.nameIds.size));
    return id;
  }
}

/** FNV-1a over the bytes, kept to 30 bits so that the map's keys are small integers. */
function hashOf(bytes: Uint8Array): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < bytes.length; i++) hash = Math.imul(hash ^ bytes[i]!, 0x01000193);
  return hash & 0x3fffffff;
}
