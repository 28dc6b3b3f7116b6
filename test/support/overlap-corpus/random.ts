/**
 * A small seeded pseudo-random generator (mulberry32, a public-domain 32-bit generator), so that one seed always
 * yields the same corpus on every machine and Node version: `Math.random` cannot be seeded.
 */
export class SeededRandom {
  private state: number;

  constructor(seed: number) {
    // Any number is a seed; mixing in a constant keeps seed 0 from starting on a dull run of small values.
    this.state = (Math.trunc(seed) ^ 0x9e3779b9) >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element, uniformly. */
  pick<T>(list: readonly T[]): T {
    if (list.length === 0) throw new Error('cannot pick from an empty list');
    return list[this.int(list.length)] as T;
  }

  /**
   * One element, earlier ones more often (density falling roughly as 1/sqrt of the rank): name and company-size
   * frequencies in real data are heavy-headed (a few surnames and accounts are very common), which FEBRL models with
   * frequency tables.
   */
  pickSkewed<T>(list: readonly T[]): T {
    if (list.length === 0) throw new Error('cannot pick from an empty list');
    const u = this.next();
    return list[Math.floor(u * u * list.length)] as T;
  }

  /** One key of `weights`, with probability proportional to its weight. */
  weighted<K extends string>(weights: Readonly<Record<K, number>>): K {
    const entries = Object.entries(weights) as [K, number][];
    const total = entries.reduce((sum, [, w]) => sum + w, 0);
    let u = this.next() * total;
    for (const [key, w] of entries) {
      u -= w;
      if (u < 0) return key;
    }
    return (entries[entries.length - 1] as [K, number])[0];
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(list: readonly T[]): T[] {
    const out = [...list];
    for (let i = out.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [out[i], out[j]] = [out[j] as T, out[i] as T];
    }
    return out;
  }
}
