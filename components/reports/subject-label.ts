import type { SubjectRef } from "@/lib/reports/subject";

/** What a subject is, in words, and where to see it: a Bluesky link for atproto subjects. */
export function describeSubject(subject: SubjectRef): { kind: string; text: string; href: string | null } {
  if ("nostrEvent" in subject) return { kind: "Nostr event", text: subject.nostrEvent, href: null };
  if ("nostrPubkey" in subject) return { kind: "Nostr pubkey", text: subject.nostrPubkey, href: null };
  if ("did" in subject) return { kind: "Bluesky account", text: subject.did, href: `https://bsky.app/profile/${subject.did}` };
  const [, , did, collection, rkey] = subject.uri.split("/");
  const href = collection === "app.bsky.feed.post" ? `https://bsky.app/profile/${did}/post/${rkey}` : null;
  return { kind: collection === "app.bsky.feed.post" ? "Bluesky post" : `Record (${collection})`, text: subject.uri, href };
}
