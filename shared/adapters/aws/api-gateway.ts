import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import type { InboundRequest } from '#ports/webhook-source';

/**
 * The request as the vendor sent it. The URL is rebuilt from the Host header and `X-Forwarded-Proto`
 * (API Gateway sets both), because vendors sign the exact URL they called.
 */
export function toInboundRequest(event: APIGatewayProxyEventV2): InboundRequest {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) if (value !== undefined) headers[name.toLowerCase()] = value;
  const proto = headers['x-forwarded-proto'] ?? 'https';
  const host = headers['host'] ?? event.requestContext.domainName;
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  const rawBody = event.body === undefined ? '' : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body;
  return { method: event.requestContext.http.method, url: `${proto}://${host}${event.rawPath}${query}`, headers, rawBody };
}

/** A JSON response. 4xx bodies say what was wrong; 5xx bodies never carry internal text. */
export function jsonResponse(statusCode: number, body: Record<string, unknown>): APIGatewayProxyStructuredResultV2 {
  return { statusCode, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) };
}
