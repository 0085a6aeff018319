const state = globalThis as unknown as { __wardenDatabaseReady?: boolean };

/**
 * Set by the custom server once migrations are applied. Without the custom server
 * (a serverless deployment migrates in its build step) the database counts as ready.
 */
export function isDatabaseReady(): boolean {
  return state.__wardenDatabaseReady ?? true;
}

export function setDatabaseReady(ready: boolean): void {
  state.__wardenDatabaseReady = ready;
}
