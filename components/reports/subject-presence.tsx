"use client";

import { useRouter } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { Badge } from "@/components/badge";
import { requestJson } from "@/components/request-json";
import type { SubjectLive } from "@/lib/reports/presence";

/** Names in a sentence: "Alice", "Alice and Bob", "Alice, Bob and Carol". */
const listNames = (names: string[]) => (names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`);

/**
 * Who else has this subject open and who holds it, live. The page sends a heartbeat every
 * `heartbeatMs` (its answer is the view, so the panel stays current even when the push
 * fails) and listens to the server-sent events, which bring a change within a moment.
 * A change to the history re-renders the page around it.
 */
export function SubjectPresence({ subjectId, me, initial, heartbeatMs }: { subjectId: number; me: string; initial: SubjectLive; heartbeatMs: number }) {
  const router = useRouter();
  const [live, setLive] = useState(initial);
  const [pushed, setPushed] = useState(false);
  const lastEvent = useRef(initial.lastEvent);

  useEffect(() => {
    const path = `/api/reports/subjects/${subjectId}`;
    const show = (next: SubjectLive) => {
      setLive(next);
      if (next.lastEvent !== lastEvent.current) {
        lastEvent.current = next.lastEvent;
        router.refresh();
      }
    };
    const beat = async () => {
      const answer = await requestJson<SubjectLive>(`${path}/presence`, { body: {} });
      if (answer.ok) show(answer.data);
    };
    void beat();
    const timer = setInterval(() => void beat(), heartbeatMs);
    const events = new EventSource(`${path}/live`);
    events.addEventListener("live", (event) => show(JSON.parse((event as MessageEvent<string>).data) as SubjectLive));
    events.addEventListener("open", () => setPushed(true));
    events.addEventListener("error", () => setPushed(false)); // EventSource reconnects by itself
    const leave = () => void requestJson(`${path}/presence`, { method: "DELETE", keepalive: true });
    window.addEventListener("pagehide", leave);
    return () => {
      clearInterval(timer);
      events.close();
      window.removeEventListener("pagehide", leave);
      leave();
    };
  }, [subjectId, heartbeatMs, router]);

  const others = live.viewers.map((viewer) => viewer.moderator).filter((name) => name !== me);
  return (
    <section aria-label="Who is on this subject" className="mb-4 flex flex-wrap items-center gap-2 rounded-xl border border-line bg-surface p-3 text-sm" data-testid="subject-presence" data-live={pushed ? "push" : "heartbeat"}>
      <span role="status" aria-live="polite" data-testid="presence-viewers">
        {others.length === 0 ? "Nobody else is viewing this subject." : `${listNames(others)} ${others.length === 1 ? "is" : "are"} viewing this subject.`}
      </span>
      {live.claim ? (
        <Badge tone="warning" testId="presence-claim">
          claimed by {live.claim.by === me ? "you" : live.claim.by}
        </Badge>
      ) : (
        <Badge tone="muted" testId="presence-claim">not claimed</Badge>
      )}
      <Badge tone="neutral" testId="presence-state">{live.state}</Badge>
    </section>
  );
}
