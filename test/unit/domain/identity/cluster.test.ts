import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UnionFind } from '#domain/identity/cluster';

function clustered(size: number, edges: readonly (readonly [number, number])[]): Int32Array {
  const sets = new UnionFind(size);
  for (const [a, b] of edges) sets.union(a, b);
  return sets.labels();
}

describe('UnionFind', () => {
  it('joins sets transitively and labels each by its smallest index', () => {
    const sets = new UnionFind(6);
    sets.union(4, 2);
    sets.union(2, 5);
    sets.union(1, 3);

    expect(sets.same(4, 5)).toBe(true);
    expect(sets.same(1, 2)).toBe(false);
    expect([...sets.labels()]).toEqual([0, 1, 2, 1, 2, 2]);
  });

  it('gives every index its own set before any union', () => {
    expect([...new UnionFind(4).labels()]).toEqual([0, 1, 2, 3]);
  });

  it('clusters alike whatever the order and direction of the unions', () => {
    const size = 40;
    const edge = fc.tuple(fc.nat(size - 1), fc.nat(size - 1));
    fc.assert(
      fc.property(fc.array(edge, { maxLength: 60 }), fc.infiniteStream(fc.nat()), (edges, seeds) => {
        const shuffled = edges.map(([a, b]) => (seeds.next().value % 2 === 0 ? [a, b] as const : [b, a] as const));
        for (let i = shuffled.length - 1; i > 0; i--) {
          const j = seeds.next().value % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        expect(clustered(size, shuffled)).toEqual(clustered(size, edges));
      }),
      { numRuns: 1000 },
    );
  });
});
