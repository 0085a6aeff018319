// What bench/triage.ts feeds the triage: copyright flags and held Nostr events made
// through the domain functions (signed labels with scanner context, really signed
// events), and a stand-in for the model that answers each item from its data alone,
// following the system prompt's rules, so every run gets the same verdicts.
import { db } from "@/lib/db";
import { createLabels, MAX_LABELS_PER_BATCH } from "@/lib/labels/create-labels";
import { enqueueHeldEvents } from "@/lib/relay/enqueue-held";
import type { Pipeline, TriageItem } from "@/lib/triage/verdicts";
import type { FakeDecision } from "../../test/support/fake-anthropic.ts";
import { newAuthor, pluginRequest } from "../../test/relay/support/nostr.ts";

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
/** A well-formed did:plc (24 base32 characters), one per number. */
const plcDid = (n: number) => `did:plc:${Array.from({ length: 24 }, (_, i) => BASE32[(n * 7 + i * 13 + Math.floor(n / 32 ** (i % 4))) % 32]).join("")}`;
const pick = <T>(list: readonly T[], n: number): T => list[n % list.length]!;

const artists = ["Nadia Reyes", "The Lanterns", "Kofi Mensah", "Maren Holt", "Static Bloom", "Ivo Kral", "Luna Park Trio", "DJ Okapi", "Sora Nakamura", "Velvet Harbour"];
const words = ["Night", "Drive", "Paper", "Moon", "Glass", "Harbour", "Velvet", "Static", "River", "Neon", "Echo", "Summer", "Ashes", "Signal", "Gold"];
const uploaders = ["beatsbymika", "lofi-lena", "tomasz", "groovecat", "samplesmith", "quietroom", "okapi-fan", "bedroomtapes"];
const handleOf = (name: string) => `${name.toLowerCase().replace(/[^a-z0-9]+/g, "-")}.bsky.social`;
const title = (n: number) => `${pick(words, n)} ${pick(words, n * 7 + 3)}`;
const score = (n: number, low: number, high: number) => Math.round((low + ((n * 7919) % 1000) / 1000 * (high - low)) * 1000) / 1000;

type Match = { title: string; artist: string; score: number };
type FlagSeed = { rkey: string; title: string; uploader: string; uploaderDid: string; matches: Match[] };

/**
 * The scanner's evidence for flag n. Profiles cycle every 20 flags: 12 clear noise
 * (scattered low scores, the uploader's own release, unrelated matches), 3 plain
 * copies of one recording, 5 for a person (covers and remixes, one strong match of
 * unknown link, missing data): ~60% FALSE_POSITIVE, 15% VIOLATION, 25% NEEDS_HUMAN.
 */
function flagSeed(n: number, prefix: string): FlagSeed {
  const profile = n % 20;
  const uploader = pick(uploaders, n);
  const seed = { rkey: `${prefix}${n.toString(36).padStart(6, "0")}`, title: `${title(n)}`, uploader: `${uploader}.bsky.social`, uploaderDid: plcDid(n % 500) };
  const scattered = (low: number, high: number) =>
    Array.from({ length: 3 + (n % 3) }, (_, i) => ({ title: title(n + i * 5 + 1), artist: pick(artists, n + i), score: score(n + i * 31, low, high) }));
  if (profile < 6) return { ...seed, matches: scattered(0.18, 0.55) };
  if (profile < 9) {
    const artist = pick(artists, n);
    return { ...seed, uploader: handleOf(artist), matches: [{ title: seed.title, artist, score: score(n, 0.93, 0.99) }] };
  }
  if (profile < 12) return { ...seed, matches: scattered(0.6, 0.82) };
  const artist = pick(artists, n + 3);
  const original = title(n + 11);
  if (profile < 15) {
    return { ...seed, title: `${original} (${pick(["official audio", "HQ", "full song", "2024"], n)})`, matches: [0, 1, 2].map((i) => ({ title: original, artist, score: score(n + i, 0.92, 0.995) })) };
  }
  if (profile < 18) {
    return { ...seed, title: `${original} (${pick(["cover", "remix", "live", "DJ mix edit"], n)})`, matches: [{ title: original, artist, score: score(n, 0.85, 0.97) }] };
  }
  if (profile === 18) return { ...seed, matches: [{ title: original, artist, score: score(n, 0.9, 0.97) }] };
  return { ...seed, matches: [] };
}

/** `count` pending copyright flags, signed by the labeler, each with its scanner context. */
export async function seedFlags(count: number, prefix: string): Promise<void> {
  const seeds = Array.from({ length: count }, (_, n) => flagSeed(n, prefix));
  const uri = (seed: FlagSeed) => `at://${seed.uploaderDid}/fm.plyr.track/${seed.rkey}`;
  for (let i = 0; i < seeds.length; i += MAX_LABELS_PER_BATCH) {
    const part = seeds.slice(i, i + MAX_LABELS_PER_BATCH);
    await createLabels(part.map((seed) => ({ uri: uri(seed), val: "copyright-violation" })), "scanner");
  }
  await db().subjectContext.createMany({
    data: seeds.map((seed) => ({
      uri: uri(seed),
      trackId: seed.rkey,
      trackTitle: seed.title,
      artistHandle: seed.uploader,
      artistDid: seed.uploaderDid,
      highestScore: seed.matches.length ? Math.max(...seed.matches.map((match) => match.score)) : null,
      matches: seed.matches,
    })),
  });
}

const notes = [
  "gm nostr, coffee first and then back to fixing the relay config",
  "Anyone else running their own relay on a Raspberry Pi? Mine has been up 40 days now.",
  "Finished reading 'The Dispossessed' again. Still holds up, maybe better than the first time.",
  "Hot take: most podcast apps are still worse than a plain RSS reader.",
  "Photos from this morning's hike, the fog over the valley was unreal",
  "Shipping a small fix to my NIP-05 setup, thanks to everyone who pointed out the CORS header",
  "Does anyone know a good Lightning wallet for someone who just wants it to work?",
  "The bakery on the corner finally has rye bread again. Small joys.",
  "Reminder that the community call is Thursday at 18:00 UTC, agenda in the pinned note",
  "I disagree with the last thread, relays should not have to store everything forever",
];
const roughNotes = ["This update is a damn mess, whoever shipped it should be embarrassed", "wtf is this fee, I'm moving my node elsewhere"];
const scams = [
  "🚀 DOUBLE YOUR SATS in 24h!!! Send any amount to the address in my profile and get 2x back, guaranteed",
  "Your wallet has been flagged. Verify now by replying with your 12-word seed phrase to restore access",
  "FREE AIRDROP for the first 500 followers, claim at https://nostr-airdrop-claim.example/connect-wallet",
  "Buy followers and zaps cheap, DM me, 10k followers for 0.001 BTC, fast delivery fast delivery fast delivery",
];

/**
 * The content of held event n, cycling every 20: 17 ordinary notes, replies and
 * reactions, 1 rough but ordinary note, 2 scams or spam (~85% confident approvals,
 * 5% hesitant ones, 10% flags).
 */
function eventTemplate(n: number): { kind: number; content: string; tags: string[][] } {
  const profile = n % 20;
  if (profile === 9 || profile === 19) return { kind: 1, content: pick(scams, n), tags: [["t", "bitcoin"], ["t", "giveaway"]] };
  if (profile === 14) return { kind: 1, content: pick(roughNotes, n), tags: [] };
  const ref = (n * 2654435761).toString(16).padStart(8, "0").repeat(8).slice(0, 64);
  if (profile % 5 === 3) return { kind: 7, content: pick(["+", "🤙", "🔥"], n), tags: [["e", ref], ["p", ref]] };
  if (profile % 5 === 1) return { kind: 1, content: `@${pick(uploaders, n)} ${pick(notes, n + 3).toLowerCase()}`, tags: [["e", ref, "", "reply"], ["p", ref]] };
  return { kind: 1, content: `${pick(notes, n)} #${n}`, tags: n % 3 === 0 ? [["t", "nostr"]] : [] };
}

/** `count` held events from 40 member keys, stored through the write policy's own enqueue (ids and signatures verified). */
export async function seedEvents(count: number): Promise<void> {
  const authors = Array.from({ length: 40 }, () => newAuthor());
  const events = Array.from({ length: count }, (_, n) => pluginRequest(pick(authors, n).sign(eventTemplate(n))));
  for (let i = 0; i < events.length; i += 500) {
    const replies = await enqueueHeldEvents(events.slice(i, i + 500));
    const refused = replies.filter((reply) => reply.action !== "shadowReject");
    if (refused.length) throw new Error(`enqueue refused ${refused.length} events: ${refused[0]!.msg}`);
  }
}

const agrees = (matches: Match[]) => new Set(matches.map((match) => match.artist)).size === 1;
const squash = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, "");

/** The fake model: the system prompt's rules applied to the item's data, nothing else. */
export function decideLikeAModel(item: TriageItem, pipeline: Pipeline): FakeDecision {
  const data = item.data;
  if (pipeline === "relay") {
    const content = String(data.content ?? "");
    if (/seed phrase|double your|airdrop|buy followers/i.test(content)) return { verdict: "flag", reason: "A scam or spam offer.", confidence: 0.93 };
    if (/damn|wtf/i.test(content)) return { verdict: "approve", reason: "Rough language but an ordinary complaint.", confidence: 0.75 };
    return { verdict: "approve", reason: "Ordinary Nostr activity.", confidence: 0.96 };
  }
  const matches = (Array.isArray(data.matches) ? data.matches : []) as Match[];
  const top = typeof data.highest_score === "number" ? data.highest_score : null;
  if (top === null || matches.length === 0) return { verdict: "NEEDS_HUMAN", reason: "The scanner data is missing.", confidence: 0.5 };
  if (agrees(matches) && squash(String(data.uploader_handle ?? "")).startsWith(squash(matches[0]!.artist))) {
    return { verdict: "FALSE_POSITIVE", reason: "The uploader is the matched artist.", confidence: 0.96 };
  }
  if (/cover|remix|live|mix/i.test(String(data.track_title ?? ""))) return { verdict: "NEEDS_HUMAN", reason: "A cover or remix of the matched recording.", confidence: 0.6 };
  if (!agrees(matches) || top < 0.6) return { verdict: "FALSE_POSITIVE", reason: "Scattered matches that agree on nothing: fingerprint noise.", confidence: 0.95 };
  if (top >= 0.9 && matches.length >= 2) return { verdict: "VIOLATION", reason: "Strong matches agreeing on one recording by another artist.", confidence: 0.9 };
  return { verdict: "NEEDS_HUMAN", reason: "A strong match whose link to the uploader is unclear.", confidence: 0.55 };
}
