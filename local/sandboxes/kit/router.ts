import type { SandboxRequest, SandboxResponse } from './http.ts';
import { decodeSegment } from './http.ts';

/** A route handler. */
export type Handler = (req: SandboxRequest) => SandboxResponse | Promise<SandboxResponse>;

type Segment = { kind: 'literal'; text: string } | { kind: 'param'; name: string; pattern?: RegExp };

interface Route {
  method: string;
  segments: Segment[];
  name: string;
  handler: Handler;
}

/** Outcome of matching a method and path. */
export type RouteMatch =
  | { kind: 'found'; name: string; handler: Handler; params: Record<string, string> }
  | { kind: 'method-not-allowed'; allowed: string[] }
  | { kind: 'not-found' };

function parsePattern(pattern: string): Segment[] {
  return pattern
    .split('/')
    .filter((s) => s !== '')
    .map((s): Segment => {
      const param = /^:(\w+)(?:\((.+)\))?$/.exec(s);
      if (!param) return { kind: 'literal', text: s };
      const name = param[1] ?? '';
      return param[2] ? { kind: 'param', name, pattern: new RegExp(`^(?:${param[2]})$`) } : { kind: 'param', name };
    });
}

function matchSegments(segments: Segment[], parts: string[]): Record<string, string> | undefined {
  if (segments.length !== parts.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, seg] of segments.entries()) {
    const part = decodeSegment(parts[i] ?? '');
    if (seg.kind === 'literal') {
      if (seg.text !== part) return undefined;
    } else {
      if (part === '' || (seg.pattern && !seg.pattern.test(part))) return undefined;
      params[seg.name] = part;
    }
  }
  return params;
}

const literalCount = (r: Route): number => r.segments.filter((s) => s.kind === 'literal').length;

/**
 * A tiny method + path router. Patterns use `:name` for a parameter and `:name(regex)` for a constrained one.
 * When several routes match, the one with the most literal segments wins, so `/objects/:type/search` beats
 * `/objects/:type/:id`.
 */
export class Router {
  readonly #routes: Route[] = [];

  /** Adds a route; `name` is the stable endpoint name used in call logs and faults. */
  add(method: string, pattern: string, name: string, handler: Handler): this {
    this.#routes.push({ method: method.toUpperCase(), segments: parsePattern(pattern), name, handler });
    return this;
  }

  /** All distinct endpoint names, in registration order. */
  names(): string[] {
    return [...new Set(this.#routes.map((r) => r.name))];
  }

  /** Finds the route for a method and a (percent-encoded) path. */
  match(method: string, path: string): RouteMatch {
    const parts = path.split('/').filter((s) => s !== '');
    const hits = this.#routes
      .map((route) => ({ route, params: matchSegments(route.segments, parts) }))
      .filter((h): h is { route: Route; params: Record<string, string> } => h.params !== undefined);
    if (hits.length === 0) return { kind: 'not-found' };
    const sameMethod = hits.filter((h) => h.route.method === method.toUpperCase());
    if (sameMethod.length === 0) return { kind: 'method-not-allowed', allowed: [...new Set(hits.map((h) => h.route.method))] };
    sameMethod.sort((a, b) => literalCount(b.route) - literalCount(a.route));
    const best = sameMethod[0] as { route: Route; params: Record<string, string> };
    return { kind: 'found', name: best.route.name, handler: best.route.handler, params: best.params };
  }
}
