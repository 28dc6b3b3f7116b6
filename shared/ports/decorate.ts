/** Methods of a port implementation: own and inherited (class methods live on prototypes), `Object` excluded. */
function methodNames(target: object): string[] {
  const names = new Set<string>();
  for (let proto: object | null = target; proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name !== 'constructor' && typeof (target as Record<string, unknown>)[name] === 'function') names.add(name);
    }
  }
  return [...names];
}

/**
 * Decorates every method of a port implementation, the optional ones included, so a decorator never drops a
 * capability by forgetting to forward it. `around` receives each method bound to its target, and its name.
 */
export function decorateMethods<T extends object>(target: T, around: (method: (...args: unknown[]) => Promise<unknown>, name: string) => (...args: unknown[]) => Promise<unknown>): T {
  const decorated: Record<string, unknown> = {};
  for (const name of methodNames(target)) {
    const method = (target as Record<string, (...args: unknown[]) => Promise<unknown>>)[name]!.bind(target);
    decorated[name] = around(method, name);
  }
  return decorated as T;
}
