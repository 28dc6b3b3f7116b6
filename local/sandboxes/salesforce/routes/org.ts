import { jsonResponse, type Router } from '../../kit/index.ts';
import { ORG_ID, USER_ID, tokenResponse } from '../auth.ts';
import type { SalesforceContext } from '../context.ts';
import { oauthError } from '../errors.ts';

const DATA = '/services/data/:version(v\\d+\\.\\d+)';

/** Bulk API batches per rolling 24 h, shared by Bulk API 1.0 and 2.0 (vendor-apis §1.8). */
const DAILY_BULK_BATCHES = 15000;

/** Bulk API 2.0 query jobs per rolling 24 h ("Bulk API 2.0 and Bulk API Developer Guide", query job limits). */
const DAILY_BULK_QUERY_JOBS = 10000;

/**
 * `GET /limits` body: DailyApiRequests, DailyBulkApiBatches and DailyBulkV2QueryJobs track real usage; the rest are
 * static plausible values.
 */
function limits(ctx: SalesforceContext): Record<string, { Max: number; Remaining: number }> {
  return {
    DailyApiRequests: { Max: ctx.options.apiLimit, Remaining: Math.max(0, ctx.options.apiLimit - ctx.usage.count) },
    DailyAsyncApexExecutions: { Max: 250000, Remaining: 250000 },
    DailyBulkApiBatches: { Max: DAILY_BULK_BATCHES, Remaining: Math.max(0, DAILY_BULK_BATCHES - ctx.usage.bulkBatches) },
    DailyBulkV2QueryFileStorageMB: { Max: 976562, Remaining: 976562 },
    DailyBulkV2QueryJobs: { Max: DAILY_BULK_QUERY_JOBS, Remaining: Math.max(0, DAILY_BULK_QUERY_JOBS - ctx.usage.bulkQueryJobs) },
    DataStorageMB: { Max: 5, Remaining: 5 },
    SingleEmail: { Max: 15, Remaining: 15 },
  };
}

/**
 * OAuth and org-level routes. Endpoint names: `oauthToken` (POST /services/oauth2/token, refresh_token grant only),
 * `versions` (GET /services/data), `resources` (GET /services/data/vNN.N: the version's resources, `identity` among
 * them), `identity` (GET /id/{org}/{user}: the token's user, as the identity URL answers; jsforce `identity()` reads
 * it when it holds no user yet), `limits` (GET /services/data/vNN.N/limits).
 * `GET /limits` is an API call like any other and counts against the daily allocation: the REST guide exempts only the
 * versions root ("calls to the Versions URI, /, which do not count towards your org's limit", Limit Info Header), and
 * the Limits resource documents no exemption. Its answer includes itself, and past the allocation it is refused too.
 */
export function addOrgRoutes(router: Router, ctx: SalesforceContext): Router {
  return router
    .add('POST', '/services/oauth2/token', 'oauthToken', (req) => {
      const form = new URLSearchParams(req.rawBody);
      if (form.get('grant_type') !== 'refresh_token') return oauthError(400, 'unsupported_grant_type', 'grant type not supported');
      const { clientId, clientSecret, refreshToken } = ctx.options;
      if (form.get('client_id') !== clientId || form.get('client_secret') !== clientSecret || form.get('refresh_token') !== refreshToken) {
        return oauthError(400, 'invalid_grant', 'authentication failure');
      }
      return jsonResponse(200, tokenResponse(ctx.baseUrl(), ctx.tokens.issue(), clientSecret, Date.now()));
    })
    .add('GET', '/services/data', 'versions', () =>
      jsonResponse(200, ['58.0', '59.0', '60.0', '61.0', '62.0', '63.0'].map((v) => ({ label: `API ${v}`, url: `/services/data/v${v}`, version: v }))),
    )
    .add('GET', DATA, 'resources', (req) => {
      const base = `/services/data/${req.params['version'] ?? 'v62.0'}`;
      return jsonResponse(200, { identity: `${ctx.baseUrl()}/id/${ORG_ID}/${USER_ID}`, limits: `${base}/limits`, query: `${base}/query`, sobjects: `${base}/sobjects`, tooling: `${base}/tooling`, composite: `${base}/composite`, jobs: `${base}/jobs` });
    })
    // The identity URL's answer, abridged (REST API Developer Guide, "Identity URLs" [C]): the integration user.
    .add('GET', '/id/:org/:user', 'identity', (req) =>
      req.params['org'] === ORG_ID && req.params['user'] === USER_ID
        ? jsonResponse(200, { id: `${ctx.baseUrl()}/id/${ORG_ID}/${USER_ID}`, asserted_user: true, user_id: USER_ID, organization_id: ORG_ID, username: 'integration@syncline.sandbox', nick_name: 'integration', display_name: 'Syncline Integration', active: true, user_type: 'STANDARD', language: 'en_US', locale: 'en_US', utcOffset: 0 })
        : jsonResponse(404, [{ message: 'Bad_Id', errorCode: 'NOT_FOUND' }]),
    )
    .add('GET', `${DATA}/limits`, 'limits', () => jsonResponse(200, limits(ctx)));
}
