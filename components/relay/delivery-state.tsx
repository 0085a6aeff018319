import type { QueueItem } from "@/lib/relay/views/query-queue-page";
import { Timestamp } from "../timestamp";

type Delivery = Pick<QueueItem, "delivery" | "deliveryAttempts" | "deliveryError" | "nextDeliveryAt">;

/** Where an approved event is on its way to the relay. */
export function DeliveryState({ delivery, deliveryAttempts, deliveryError, nextDeliveryAt }: Delivery) {
  const attempts = `${deliveryAttempts} attempt${deliveryAttempts === 1 ? "" : "s"}`;
  const body = {
    none: <span className="text-muted">Not queued for delivery</span>,
    queued: <span>Queued for delivery to the relay</span>,
    delivered: <span className="font-medium">Delivered to the relay{deliveryAttempts > 1 ? ` after ${attempts}` : ""}</span>,
    retrying: (
      <span className="text-warning">
        Retrying after {attempts}
        {nextDeliveryAt ? (
          <>
            , next at <Timestamp date={nextDeliveryAt} />
          </>
        ) : null}
        {deliveryError ? <span className="block [overflow-wrap:anywhere]">Last error: {deliveryError}</span> : null}
      </span>
    ),
  }[delivery];
  return (
    <p className="mt-2 text-sm" data-testid="delivery-state" data-state={delivery}>
      <span className="font-medium text-muted">Delivery: </span>
      {body}
    </p>
  );
}
