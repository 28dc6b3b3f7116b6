/**
 * Freezes a value and everything it holds, so a step that writes to its input throws (test modules are strict mode)
 * instead of changing it quietly.
 */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}
