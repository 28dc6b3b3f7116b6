import { RetryableError } from '#domain/errors';

/** One change running in a {@link Window}: what its batched calls name themselves by. */
export type WindowTask = number & { readonly windowTask: unique symbol };

/** A batched call as a change makes it: its task (none: made at once, alone), the batch key and its item. */
export type Loader<I, O> = (task: WindowTask | undefined, key: string, item: I) => Promise<O>;

/** Runs one batch of items in one call; returns one result per item, in order (an {@link ItemFailure} fails that item alone). */
export type BatchCall<I, O> = (key: string, items: I[]) => Promise<(O | ItemFailure)[]>;

/** A batch call's answer for one item that failed while the others did not. */
export class ItemFailure {
  constructor(readonly error: unknown) {}
}

/** Options of {@link Window.batched}. */
export interface BatchedOptions {
  /**
   * Whether a call that threw for a batch of several items may owe it to one of them (a vendor refusing a whole batch
   * for one bad record): the items are then sent again one by one, so each gets its own answer and one record's
   * refusal stays that record's. Errors that concern the call, not its items (a vendor pause, an outage, a 429), fail
   * the batch as they are. Without it, a throw fails every item of its batch.
   */
  splitOn?: (error: unknown) => boolean;
}

interface Pending<I, O> {
  item: I;
  task: WindowTask | undefined;
  resolve(value: O): void;
  reject(error: unknown): void;
}

interface Queue {
  flush(): void;
  readonly size: number;
}

/**
 * The changes of a window run side by side, and their vendor and store calls meet here: a call made through
 * {@link Window.batched} waits until every running change waits on one too (or has finished), then each kind of
 * call is made once with everything gathered (one Salesforce collection of 200, one HubSpot batch of 100), and
 * each change gets its own answer back. However the changes interleave, a step that all of them take costs one call
 * per object and window, not one per change; a change that takes a step alone still gets its answer at once.
 *
 * Which change is waiting is known from the task each change's calls carry (its deps are bound to it, see
 * windowed-deps.ts), so a change that waits on two calls at once counts once, and a window never flushes while a
 * change is still on its way to a batched call. The task is passed, not found from the async context: tracking every
 * promise of a window of a thousand changes through async hooks would cost the processor a third of its time.
 */
export class Window {
  readonly #running = new Set<WindowTask>();
  /** Tasks with at least one batched call pending, and how many. */
  readonly #waiting = new Map<WindowTask, number>();
  readonly #queues = new Set<Queue>();
  #nextTask = 0;
  #scheduled = false;

  /** Runs the tasks side by side, each given its {@link WindowTask}; each counts as running until it settles. */
  runAll<T>(tasks: readonly ((task: WindowTask) => Promise<T>)[]): Promise<PromiseSettledResult<T>[]> {
    const ids = tasks.map(() => this.#nextTask++ as WindowTask);
    for (const id of ids) this.#running.add(id);
    return Promise.allSettled(
      tasks.map(async (task, i) => {
        const id = ids[i] as WindowTask;
        try {
          return await task(id);
        } finally {
          this.#running.delete(id);
          this.#waiting.delete(id);
          this.#check();
        }
      }),
    );
  }

  /**
   * A batched form of `call`: `load(task, key, item)` waits for the window's next flush, where all items of one key
   * go to one `call(key, items)`. A call that throws fails every item of its batch (unless `splitOn` has them sent
   * again one by one); an {@link ItemFailure} or a missing result fails its item alone. A load of no running task
   * (made outside {@link runAll}) is made at once, alone.
   */
  batched<I, O>(call: BatchCall<I, O>, options: BatchedOptions = {}): Loader<I, O> {
    const settle = (p: Pending<I, O>, result: O | ItemFailure | undefined, size: number, i: number) => {
      if (result instanceof ItemFailure) p.reject(result.error);
      else if (result === undefined) p.reject(new RetryableError(`no result for item ${i} of a batch of ${size}`));
      else p.resolve(result);
    };
    const run = async (key: string, items: Pending<I, O>[]): Promise<void> => {
      try {
        const results = await call(
          key,
          items.map((p) => p.item),
        );
        items.forEach((p, i) => settle(p, results[i], items.length, i));
      } catch (error) {
        if (items.length > 1 && options.splitOn?.(error)) await Promise.all(items.map((p) => run(key, [p])));
        else items.forEach((p) => p.reject(error));
      }
    };
    const pending = new Map<string, Pending<I, O>[]>();
    const queue: Queue = {
      get size() {
        return pending.size;
      },
      flush: () => {
        const batches = [...pending];
        pending.clear();
        for (const [key, items] of batches) {
          for (const p of items) if (p.task !== undefined) this.#settled(p.task);
          void run(key, items);
        }
      },
    };
    this.#queues.add(queue);
    return (task, key, item) =>
      new Promise<O>((resolve, reject) => {
        if (task === undefined || !this.#running.has(task)) {
          void run(key, [{ item, task: undefined, resolve, reject }]);
          return;
        }
        const list = pending.get(key) ?? [];
        list.push({ item, task, resolve, reject });
        pending.set(key, list);
        this.#waiting.set(task, (this.#waiting.get(task) ?? 0) + 1);
        this.#check();
      });
  }

  #settled(task: WindowTask): void {
    const left = (this.#waiting.get(task) ?? 0) - 1;
    if (left > 0) this.#waiting.set(task, left);
    else this.#waiting.delete(task);
  }

  /**
   * Flushes once every running task waits. Deferred to the end of the current turn, so that a change waiting on
   * several calls started together (`Promise.all`) has queued all of them first.
   */
  #check(): void {
    if (this.#scheduled || this.#waiting.size === 0 || this.#waiting.size < this.#running.size) return;
    this.#scheduled = true;
    setImmediate(() => {
      this.#scheduled = false;
      if (this.#waiting.size === 0 || this.#waiting.size < this.#running.size) return;
      for (const queue of this.#queues) if (queue.size > 0) queue.flush();
    });
  }
}
