/**
 * Union-find (disjoint sets) over record indices, for the batch dedupe: a million records cost two typed arrays,
 * not a million objects.
 */

/** Disjoint sets of the indices `0 .. size - 1`, joined by {@link UnionFind.union}. */
export class UnionFind {
  readonly #parent: Int32Array;
  readonly #rank: Uint8Array;

  constructor(readonly size: number) {
    this.#parent = new Int32Array(size);
    this.#rank = new Uint8Array(size);
    for (let i = 0; i < size; i++) this.#parent[i] = i;
  }

  /** The representative of `i`'s set (path halving keeps later look-ups near constant). */
  find(i: number): number {
    const parent = this.#parent;
    let x = i;
    for (;;) {
      const p = parent[x] ?? x;
      if (p === x) return x;
      const grandparent = parent[p] ?? p;
      parent[x] = grandparent;
      x = grandparent;
    }
  }

  /** Joins the sets of `a` and `b` (by rank); returns the representative of the joined set. */
  union(a: number, b: number): number {
    let ra = this.find(a);
    let rb = this.find(b);
    if (ra === rb) return ra;
    const rankA = this.#rank[ra] ?? 0;
    const rankB = this.#rank[rb] ?? 0;
    if (rankA < rankB) [ra, rb] = [rb, ra];
    else if (rankA === rankB) this.#rank[ra] = rankA + 1;
    this.#parent[rb] = ra;
    return ra;
  }

  same(a: number, b: number): boolean {
    return this.find(a) === this.find(b);
  }

  /**
   * A label per index: the smallest index of its set. Depends only on the sets, not on the order of the unions
   * that made them, so it is a stable cluster id.
   */
  labels(): Int32Array {
    const smallest = new Int32Array(this.size).fill(-1);
    const labels = new Int32Array(this.size);
    for (let i = 0; i < this.size; i++) {
      const root = this.find(i);
      if (smallest[root] === -1) smallest[root] = i;
      labels[i] = smallest[root] ?? i;
    }
    return labels;
  }
}
