import type { StoredLabel } from "../label-codec";
import { isoTime } from "../stream/iso-time";
import { authorityOf, prefixAuthority } from "../subject-authority";

/** What a queryLabels request asks (QueryLabelsQuery, which is built on this module's answers). */
export type LabelQuery = { uriPatterns: string[]; sources: string[]; limit: number; cursor?: number };

/**
 * The current label of one (src, uri, cid, val), in as little memory as it takes to write
 * its JSON again: timestamps as epoch milliseconds, the signature as its base64 text.
 */
type Head = { seq: number; uri: string; src: string; cid: string; val: string; neg: boolean; cts: number; exp: number; sig: string; live: boolean };

const NO_EXPIRY = -1;

/** Heads in seq order. A superseded head stays in place, dead, until enough have died to copy the live ones. */
type HeadList = { heads: Head[]; dead: number };

/**
 * label_heads in memory, answering queryLabels without a database round trip: every
 * head by URI, by account (the authority of an at:// URI, as label_heads.authority) and
 * all of them, in seq order. Fed with every emission in seq order (the sequencer's), it
 * holds exactly what label_heads holds up to `appliedSeq`.
 */
export class LabelIndex {
  /** The highest seq applied. */
  appliedSeq = 0;
  // One head, or several (a subject with more than one value or source): most subjects have one.
  private readonly byUri = new Map<string, Head | Head[]>();
  private readonly byAuthority = new Map<string, HeadList>();
  private readonly all: HeadList = { heads: [], dead: 0 };
  // A labeler writes few distinct sources and values: one string each, not one per label.
  private readonly shared = new Map<string, string>();
  private readonly quotedShared = new Map<string, string>();

  get size(): number {
    return this.all.heads.length - this.all.dead;
  }

  /**
   * Applies emissions. The latest seq of a key wins, whatever the order they come in, so
   * a load and the live emissions it overlaps can both be applied; a head newer than
   * every list's last must come in seq order (both do).
   */
  apply(labels: readonly StoredLabel[]): void {
    for (const label of labels) {
      this.appliedSeq = Math.max(this.appliedSeq, label.seq);
      const cid = label.cid ?? "";
      const forUri = this.headsOf(label.uri);
      const at = forUri.findIndex((head) => head.src === label.src && head.cid === cid && head.val === label.val);
      const previous = forUri[at];
      if (previous && previous.seq >= label.seq) continue;
      if (previous) {
        previous.live = false;
        forUri.splice(at, 1);
        this.bury(this.byAuthority.get(authorityOf(previous.uri))!);
        this.bury(this.all);
      }
      const head: Head = {
        seq: label.seq,
        uri: forUri[0]?.uri ?? label.uri, // one copy of the URI's text for all its heads
        src: this.intern(label.src),
        cid,
        val: this.intern(label.val),
        neg: label.neg === true,
        cts: Date.parse(label.cts),
        exp: label.exp === undefined ? NO_EXPIRY : Date.parse(label.exp),
        sig: Buffer.from(label.sig.buffer, label.sig.byteOffset, label.sig.byteLength).toString("base64").replace(/=+$/, ""),
        live: true,
      };
      insertInOrder(forUri, head);
      this.byUri.set(head.uri, forUri.length === 1 ? forUri[0]! : forUri);
      const authority = authorityOf(head.uri);
      let account = this.byAuthority.get(authority);
      if (!account) this.byAuthority.set(authority, (account = { heads: [], dead: 0 }));
      insertInOrder(account.heads, head);
      insertInOrder(this.all.heads, head);
    }
  }

  /**
   * The queryLabels answer as JSON text, exactly as the database path writes it, or
   * undefined for a shape it does not hold an index for (a prefix that does not name an
   * account: the database's radix tree answers it).
   */
  answer({ uriPatterns, sources, limit, cursor = 0 }: LabelQuery): string | undefined {
    const lists: { heads: Head[]; prefix?: string }[] = [];
    if (uriPatterns.includes("*")) lists.push({ heads: this.all.heads });
    else {
      for (const pattern of new Set(uriPatterns)) {
        if (!pattern.endsWith("*")) {
          lists.push({ heads: this.headsOf(pattern) });
          continue;
        }
        const prefix = pattern.slice(0, -1);
        const authority = prefixAuthority(prefix);
        if (authority === undefined) return undefined;
        lists.push({ heads: this.byAuthority.get(authority)?.heads ?? [], prefix });
      }
    }
    const wanted = sources.length ? new Set(sources) : undefined;
    // One more than the page, to know whether another page follows.
    const rows = limit + 1;
    let found = lists.flatMap(({ heads, prefix }) => take(heads, cursor, rows, (head) => (!wanted || wanted.has(head.src)) && (!prefix || head.uri.startsWith(prefix))));
    if (lists.length > 1) found = [...new Set(found)].sort((a, b) => a.seq - b.seq).slice(0, rows);
    const page = found.slice(0, limit);
    const labels = `"labels":[${page.map((head) => this.json(head)).join(",")}]`;
    return found.length > limit ? `{"cursor":"${page.at(-1)!.seq}",${labels}}` : `{${labels}}`;
  }

  /** A subject's heads as an array (a fresh one when it holds one head or none). */
  private headsOf(uri: string): Head[] {
    const heads = this.byUri.get(uri);
    return heads === undefined ? [] : Array.isArray(heads) ? heads : [heads];
  }

  /** The label's JSON exactly as JSON.stringify(labelToJson(label)) writes it (a test holds them equal). */
  private json(head: Head): string {
    let text = `{"ver":1,"src":${this.quoted(head.src)},"uri":${JSON.stringify(head.uri)}`;
    if (head.cid !== "") text += `,"cid":${JSON.stringify(head.cid)}`;
    text += `,"val":${this.quoted(head.val)}`;
    if (head.neg) text += `,"neg":true`;
    text += `,"cts":"${isoTime(head.cts)}"`;
    if (head.exp !== NO_EXPIRY) text += `,"exp":"${isoTime(head.exp)}"`;
    return `${text},"sig":{"$bytes":"${head.sig}"}}`;
  }

  /** JSON text of a shared string (a source or value), written once. */
  private quoted(value: string): string {
    let text = this.quotedShared.get(value);
    if (text === undefined) {
      text = JSON.stringify(value);
      if (this.quotedShared.size < 10_000) this.quotedShared.set(value, text);
    }
    return text;
  }

  private intern(value: string): string {
    const known = this.shared.get(value);
    if (known !== undefined) return known;
    if (this.shared.size < 10_000) this.shared.set(value, value);
    return value;
  }

  /** Counts a dead head in a list, and keeps only the live ones once the dead outnumber them. */
  private bury(list: HeadList): void {
    list.dead++;
    if (list.dead > 16 && list.dead * 2 > list.heads.length) {
      list.heads = list.heads.filter((head) => head.live);
      list.dead = 0;
    }
  }
}

/** Appends, or inserts where its seq belongs when it is older than the last (a load meeting live emissions). */
function insertInOrder(heads: Head[], head: Head): void {
  if (heads.length === 0 || heads.at(-1)!.seq < head.seq) return void heads.push(head);
  heads.splice(firstAfter(heads, head.seq), 0, head);
}

/** Up to `rows` live heads with seq > after that pass `accept`, in seq order. */
function take(heads: Head[], after: number, rows: number, accept: (head: Head) => boolean): Head[] {
  const out: Head[] = [];
  for (let i = firstAfter(heads, after); i < heads.length && out.length < rows; i++) {
    const head = heads[i]!;
    if (head.live && accept(head)) out.push(head);
  }
  return out;
}

/** The index of the first head with seq > after. */
function firstAfter(heads: Head[], after: number): number {
  let low = 0;
  let high = heads.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (heads[middle]!.seq <= after) low = middle + 1;
    else high = middle;
  }
  return low;
}
