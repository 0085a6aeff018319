// What a review card or a triage row shows of a flag: links, segments and the top matches.
import { renderToStaticMarkup } from "react-dom/server";
import { createElement } from "react";
import { describe, expect, it } from "vitest";
import { MatchList } from "@/components/flags/match-list";
import { auditSubjectHref } from "@/lib/dashboard/audit-subject-href";
import { contentUrl, recordingUrl } from "@/lib/flags/content-link";
import { clock, flagEvidence, matchEvidence, matchSegment } from "@/lib/flags/evidence";
import { testDatabaseKind } from "../support/database";

const did = "did:plc:44ybard66vv44zksje25o7dz";
const track = `at://${did}/fm.plyr.track/3kabc`;
const eventId = "a".repeat(64);

// No database involved: once is enough.
describe.skipIf(testDatabaseKind() !== "embedded")("flag evidence", () => {
  it("links the content: plyr.fm by track id, a Bluesky post, else the record in pdsls.dev", () => {
    expect(contentUrl(track, "42")).toBe("https://plyr.fm/track/42");
    expect(contentUrl(`at://${did}/fm.plyr.stg.track/x`, "7")).toBe("https://stg.plyr.fm/track/7");
    expect(contentUrl(`at://${did}/app.bsky.feed.post/3kpost`, null)).toBe(`https://bsky.app/profile/${did}/post/3kpost`);
    // Without scanner context a flag still links to what was flagged.
    expect(contentUrl(track, null)).toBe(`https://pdsls.dev/${track}`);
    expect(contentUrl(`at://${did}`, null)).toBeNull();
    expect(contentUrl("at://not a uri/x/y", null)).toBeNull();
  });

  it("links a matched recording by the scanner's http(s) link, else by a well-formed ISRC", () => {
    expect(recordingUrl({ song_link: "https://lis.tn/Abc", isrc: "USRC17607839" })).toBe("https://lis.tn/Abc");
    expect(recordingUrl({ song_link: "javascript:alert(1)", isrc: "us-rc1-76-07839" })).toBe("https://musicbrainz.org/isrc/USRC17607839");
    expect(recordingUrl({ isrc: "not an isrc" })).toBeNull();
    expect(recordingUrl({})).toBeNull();
  });

  it("says where the match is, in the upload (offset_ms) and in the recording (timecode)", () => {
    expect(clock(83_400)).toBe("1:23");
    expect(clock(3_723_000)).toBe("1:02:03");
    expect(matchSegment({ offset_ms: 30_000, timecode: "00:56" })).toBe("0:30 into the upload · 0:56 into the recording");
    expect(matchSegment({ timecode: "01:02:03" })).toBe("1:02:03 into the recording");
    expect(matchSegment({ offset_ms: 0 })).toBe("0:00 into the upload");
    expect(matchSegment({ timecode: "soon" })).toBeNull();
    expect(matchSegment({})).toBeNull();
  });

  it("keeps the best three matches, best first, and falls back when the scanner said nothing", () => {
    const matches = [0.2, 0.9, 0.5, 0.7].map((score, i) => ({ title: `T${i}`, artist: "A", score }));
    const evidence = flagEvidence(track, { trackId: "42", trackTitle: "Song", artistHandle: "me.example", highestScore: null, matches });
    expect(evidence).toMatchObject({ title: "Song", artist: "me.example", href: "https://plyr.fm/track/42", score: 0.9 });
    expect(evidence.matches.map((m) => m.title)).toEqual(["T1", "T3", "T2"]);
    expect(flagEvidence(track, null)).toEqual({ title: "Unknown track", artist: null, href: `https://pdsls.dev/${track}`, score: null, matches: [] });
  });

  it("renders each match with its recording link and segment, and nothing for no match", () => {
    const match = matchEvidence({ title: "Original", artist: "Famous", score: 0.87, isrc: "USRC17607839", offset_ms: 12_000 });
    const html = renderToStaticMarkup(createElement(MatchList, { matches: [match, matchEvidence({ title: "Other", artist: "B", score: 0.4 })] }));
    expect(html).toContain('href="https://musicbrainz.org/isrc/USRC17607839"');
    expect(html).toContain("0:12 into the upload");
    expect(html).toContain("87%");
    expect(html.match(/<a /g)).toHaveLength(1);
    expect(renderToStaticMarkup(createElement(MatchList, { matches: [] }))).toBe("");
  });

  it("links audit subjects to the flag, the label history, the event, the batch or the author", () => {
    expect(auditSubjectHref("flag.resolve", track)).toBe(`/flags/detail?${new URLSearchParams({ uri: track })}`);
    expect(auditSubjectHref("triage.undo", track)).toBe(`/flags/detail?${new URLSearchParams({ uri: track })}`);
    expect(auditSubjectHref("label.emit", track)).toBe(`/labels?${new URLSearchParams({ subject: track })}`);
    expect(auditSubjectHref("relay.event.reject", `event:${eventId}`)).toBe(`/relay/events/${eventId}`);
    expect(auditSubjectHref("batch.create", "batch:b1")).toBe("/review/b1");
    expect(auditSubjectHref("relay.author.ban", `pubkey:${eventId}`)).toBe(`/relay?author=${eventId}`);
    expect(auditSubjectHref("token.create", "token:ci")).toBeNull();
    expect(auditSubjectHref("relay.event.reject", "event:nothex")).toBeNull();
    expect(auditSubjectHref("labeler.account", did)).toBeNull();
    expect(auditSubjectHref("flag.resolve", null)).toBeNull();
  });

  it("links report actions, and a triage undo on reports, to the report subject's page by the detail's subjectId", () => {
    expect(auditSubjectHref("reports.dismiss", did, { subjectId: 42, action: "dismiss" })).toBe("/reports/42");
    expect(auditSubjectHref("reports.ban_author", "nostr:pubkey:ab", { subjectId: 7 })).toBe("/reports/7");
    expect(auditSubjectHref("triage.undo", track, { decision: "d", subjectId: 9 })).toBe("/reports/9");
    // A triage undo on a flag has no subjectId: the flag's page.
    expect(auditSubjectHref("triage.undo", track, { decision: "d" })).toBe(`/flags/detail?${new URLSearchParams({ uri: track })}`);
    expect(auditSubjectHref("reports.mute_reporter", did, { reporter: did })).toBeNull();
    for (const subjectId of [0, -1, 1.5, "42", null]) expect(auditSubjectHref("reports.dismiss", did, { subjectId })).toBeNull();
    // Only report actions read it: another action's subjectId is not a report.
    expect(auditSubjectHref("label.emit", track, { subjectId: 42 })).toBe(`/labels?${new URLSearchParams({ subject: track })}`);
  });
});
