import { createHash, createHmac } from 'node:crypto';

/** v1: hex SHA-256 of clientSecret + body (a plain hash, not an HMAC; vendor-apis §2.9). */
export function signV1(clientSecret: string, body: string): string {
  return createHash('sha256').update(clientSecret + body, 'utf8').digest('hex');
}

/** v3: base64 HMAC-SHA256 keyed with the client secret over method + url + body + timestamp (vendor-apis §2.9). */
export function signV3(clientSecret: string, method: string, url: string, body: string, timestamp: number): string {
  return createHmac('sha256', clientSecret).update(`${method}${url}${body}${timestamp}`, 'utf8').digest('base64');
}

/** The headers HubSpot sends with a CRM-object webhook: v1 in the legacy pair, v3 in its own pair. */
export function webhookHeaders(clientSecret: string, url: string, body: string, timestamp: number): Record<string, string> {
  return {
    'Content-Type': 'application/json',
    'User-Agent': 'HubSpot Connect 2.0 (http://dev.hubspot.com/) - WebhooksExecutorDaemon',
    'X-HubSpot-Signature-Version': 'v1',
    'X-HubSpot-Signature': signV1(clientSecret, body),
    'X-HubSpot-Signature-v3': signV3(clientSecret, 'POST', url, body, timestamp),
    'X-HubSpot-Request-Timestamp': String(timestamp),
  };
}
