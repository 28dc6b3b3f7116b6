/** Port: where pollers keep their cursors between runs. */
export interface CursorStore {
  /** The cursor saved under `name`, or undefined before the first save. */
  getCursor(name: string): Promise<string | undefined>;
  /** Saves a cursor; the poller calls it only after the changes it covers were enqueued (at-least-once). */
  putCursor(name: string, value: string): Promise<void>;
}
