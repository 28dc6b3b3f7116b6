import type { Claim, IdempotencyStore } from '#ports/stores';

/**
 * The idempotency store as one batch uses it, remembering two things the use case cannot see from outside:
 * - a claim whose release failed (the store was down when the change failed): the next claim of that key
 *   releases it first, so a retry within the batch is not refused by its own earlier claim for the lease's length;
 * - which keys another claim holds now (`in-progress`), so the batch can tell a held change from a failed one.
 */
export class ClaimLedger implements IdempotencyStore {
  private readonly unreleased = new Map<string, string>();
  private readonly held = new Set<string>();

  constructor(private readonly live: IdempotencyStore) {}

  async claim(key: string, nowMs: number): Promise<Claim> {
    const token = this.unreleased.get(key);
    if (token !== undefined) {
      await this.live.release(key, token);
      this.unreleased.delete(key);
    }
    const claim = await this.live.claim(key, nowMs);
    if (claim.status === 'in-progress') this.held.add(key);
    else this.held.delete(key);
    return claim;
  }

  complete(key: string, token: string, nowMs: number): Promise<void> {
    return this.live.complete(key, token, nowMs);
  }

  async release(key: string, token: string): Promise<void> {
    try {
      await this.live.release(key, token);
    } catch (error) {
      this.unreleased.set(key, token);
      throw error;
    }
  }

  /** Whether the last claim of `key` found it held by another claim (another worker, or one left by a crash). */
  isHeld(key: string): boolean {
    return this.held.has(key);
  }
}
