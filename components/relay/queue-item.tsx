import Link from "next/link";
import { describeKind } from "@/lib/relay/views/event-preview";
import { npubOf, shortNpub, shortPubkey } from "@/lib/relay/views/pubkey-text";
import type { QueueItem } from "@/lib/relay/views/query-queue-page";
import type { DecisionView } from "@/lib/triage/views/decision-view";
import { isApproved, isUndecided } from "@/lib/relay/queue-item";
import { queueHref, queueTabLabels } from "@/lib/relay/views/queue-query";
import { Timestamp } from "../timestamp";
import { AiDecisionLine } from "../triage/ai-decision-line";
import { CopyButton } from "../copy-button";
import { DeliveryState } from "./delivery-state";
import { EventContent, EventTags } from "./event-content";
import { ItemActions } from "./item-actions";
import { QueueItemFrame } from "./queue-item-frame";
import { SelectBox } from "./select-box";
import { TierBadge } from "./tier-badge";

/** One held event: who wrote it and their record, what it says, where it stands, and the actions. */
export function QueueItemCard({ item, canDecide, aiDecision }: { item: QueueItem; canDecide: boolean; aiDecision?: DecisionView }) {
  const npub = npubOf(item.pubkey);
  const author = shortNpub(npub);
  const undecided = isUndecided(item.status);
  const label = `${describeKind(item.kind)} by ${author}`;
  const { approved, rejected, waiting, tier } = item.author;

  return (
    <QueueItemFrame id={item.id} label={label}>
      <div className="flex items-start gap-3">
        {undecided && canDecide ? <SelectBox id={item.id} label={label} /> : null}
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1">
            <Link
              href={queueHref({ status: item.status, author: item.pubkey })}
              title={`Only events by ${item.pubkey}`}
              className="inline-flex min-h-11 items-center font-mono text-sm font-medium text-accent underline-offset-2 [overflow-wrap:anywhere] hover:underline"
              data-testid="author"
            >
              {author}
            </Link>
            <CopyButton value={npub} label={`the npub of ${author}`} />
            <TierBadge tier={tier} />
            <span className="text-sm text-muted" data-testid="author-history">
              {approved} approved · {rejected} rejected{waiting > 1 ? ` · ${waiting} waiting` : ""}
            </span>
          </div>
          <p className="mt-0.5 text-sm text-muted">
            {describeKind(item.kind)} · written <Timestamp date={item.createdAt} /> ·{" "}
            <span className="font-mono" title={item.id}>
              {shortPubkey(item.id)}
            </span>
          </p>
        </div>
      </div>

      <EventContent content={item.content} />
      <EventTags tags={item.tags} />

      {item.status === "ai_flagged" ? (
        <p className="mt-3 rounded-lg bg-warning-soft px-3 py-2 text-sm text-warning" data-testid="ai-reason">
          <span className="font-semibold">Flagged by AI: </span>
          {item.reason ?? "no reason given"}
        </p>
      ) : null}
      {undecided ? null : (
        <p className="mt-3 text-sm" data-testid="decision">
          <span className="font-medium">{queueTabLabels[item.status]}</span>
          {item.decidedBy ? <> by {item.decidedBy}</> : null}
          {item.decidedAt ? (
            <>
              , <Timestamp date={item.decidedAt} />
            </>
          ) : null}
          {item.reason ? <span className="block text-muted [overflow-wrap:anywhere]">Reason: {item.reason}</span> : null}
        </p>
      )}
      {isApproved(item.status) ? <DeliveryState {...item} /> : null}
      {aiDecision ? (
        // No refresh after an undo: the event would leave this tab and take the answer (e.g. "already delivered") with it.
        <AiDecisionLine decision={aiDecision} canUndo={canDecide && item.status === "auto_approved"} refresh={false} />
      ) : null}

      <ItemActions id={item.id} undecided={undecided} rejected={item.status === "rejected"} authorBlocked={tier === "blocked"} author={author} authorWaiting={waiting} />
    </QueueItemFrame>
  );
}
