/** The dashboard page of one held relay event (app/(dashboard)/relay/events/[id]). */
export const eventHref = (id: string) => `/relay/events/${encodeURIComponent(id)}`;
