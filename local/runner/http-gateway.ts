import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { LocalFunction } from './function-host.ts';

export interface LocalRoute {
  /** `POST /webhooks/hubspot`, as in the template's RouteKey. */
  routeKey: string;
  fn: LocalFunction;
}

/** API Gateway's own payload limit; a function's tighter cap is its own business. */
const GATEWAY_MAX_BODY = 10 * 1024 * 1024;
const TEXT_TYPES = /^(application\/(json|xml|x-www-form-urlencoded|[\w.+-]+\+json)|text\/)/;

type LocalHandler = (req: IncomingMessage, res: ServerResponse, body: Buffer) => boolean | Promise<boolean>;

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= GATEWAY_MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > GATEWAY_MAX_BODY ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Builds the event API Gateway (HTTP API, payload format 2.0) hands a Lambda integration. */
export function toApiGatewayEvent(req: IncomingMessage, body: Buffer, routeKey: string, pathParameters: Record<string, string>): APIGatewayProxyEventV2 {
  const url = new URL(req.url ?? '/', 'http://local');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined && name !== 'cookie') headers[name] = Array.isArray(value) ? value.join(',') : value;
  // API Gateway sets these itself; a client's own values are not trusted.
  headers['x-forwarded-proto'] = 'http';
  headers['x-forwarded-for'] = req.socket.remoteAddress ?? '127.0.0.1';
  headers['x-forwarded-port'] = String(req.socket.localPort ?? '');
  const cookies = req.headers.cookie?.split(';').map((c) => c.trim()).filter(Boolean);
  const query = [...url.searchParams.keys()].length > 0 ? Object.fromEntries([...new Set(url.searchParams.keys())].map((k) => [k, url.searchParams.getAll(k).join(',')])) : undefined;
  const text = body.length === 0 || TEXT_TYPES.test(headers['content-type'] ?? '');
  const now = new Date();
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(cookies?.length ? { cookies } : {}),
    headers,
    ...(query ? { queryStringParameters: query } : {}),
    pathParameters,
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers['host'] ?? 'localhost',
      domainPrefix: 'local',
      http: { method: req.method ?? 'GET', path: url.pathname, protocol: `HTTP/${req.httpVersion}`, sourceIp: headers['x-forwarded-for'], userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: apiGatewayTime(now),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 ? { body: text ? body.toString('utf8') : body.toString('base64') } : {}),
    isBase64Encoded: !text,
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `23/Nov/2026:10:00:00 +0000`, the format of `requestContext.time`. */
function apiGatewayTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())} +0000`;
}

/**
 * The path's segments, percent-decoded; null when one is not valid percent-encoding: a `%` not followed by two hex
 * digits, or escapes that are not UTF-8 (RFC 3986 §2.1; `decodeURIComponent` throws URIError on both).
 */
function decodeSegments(path: string): string[] | null {
  try {
    return path.split('/').map((segment) => decodeURIComponent(segment));
  } catch (error) {
    if (error instanceof URIError) return null;
    throw error;
  }
}

function match(routeKey: string, method: string, got: readonly string[]): Record<string, string> | null {
  const [routeMethod, routePath = ''] = routeKey.split(' ');
  if (routeMethod !== method && routeMethod !== 'ANY') return null;
  const want = routePath.split('/');
  if (want.length !== got.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] ?? '';
    const g = got[i] ?? '';
    if (w.startsWith('{') && w.endsWith('}')) params[w.slice(1, -1)] = g;
    else if (w !== g) return null;
  }
  return params;
}

function send(res: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  const body = result.body === undefined ? '' : result.isBase64Encoded ? Buffer.from(result.body, 'base64') : result.body;
  res.writeHead(result.statusCode ?? 200, { ...(result.headers as Record<string, string> | undefined) });
  res.end(body);
}

/** One local HTTP server for every route of the HTTP API, plus optional local-only handlers tried first. */
export function startHttpGateway(routes: readonly LocalRoute[], port: number, host: string, extra?: LocalHandler): Promise<Server> {
  const server = createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      if (body === null) return send(res, { statusCode: 413, body: JSON.stringify({ message: 'Request Entity Too Large' }) });
      if (extra && (await extra(req, res, body))) return;
      const path = new URL(req.url ?? '/', 'http://local').pathname;
      const segments = decodeSegments(path);
      // A client's malformed request, not a server fault: it never reaches a function.
      if (segments === null) return send(res, { statusCode: 400, headers: { 'content-type': 'application/json' }, body: JSON.stringify({ message: `Bad Request: the path ${path} is not valid percent-encoding; a "%" must be followed by two hex digits that encode UTF-8.` }) });
      for (const route of routes) {
        const params = match(route.routeKey, req.method ?? 'GET', segments);
        if (!params) continue;
        const result = await route.fn.invoke<APIGatewayProxyStructuredResultV2>(toApiGatewayEvent(req, body, route.routeKey, params));
        return send(res, result);
      }
      send(res, { statusCode: 404, body: JSON.stringify({ message: 'Not Found' }) });
    } catch (error) {
      // What API Gateway answers when the integration times out (503) or fails (500).
      const timedOut = error instanceof Error && error.message.includes('timed out');
      if (!res.headersSent) send(res, timedOut ? { statusCode: 503, body: JSON.stringify({ message: 'Service Unavailable' }) } : { statusCode: 500, body: JSON.stringify({ message: 'Internal Server Error' }) });
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve(server));
  });
}
