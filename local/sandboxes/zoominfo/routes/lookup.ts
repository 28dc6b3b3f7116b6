import { jsonResponse, type Router } from '../../kit/index.ts';
import { authenticated, type ZoominfoContext } from '../context.ts';
import { FIELDS, type ZoominfoEntity } from '../fields.ts';

/**
 * Discovery routes (vendor-apis §3, [C] paths). [?] The body shapes are not confirmed: fields come as
 * `[{fieldName}]` and usage as `{usage:[{limitType, description, limit, currentUsage, usageRemaining}]}`.
 */
export function addLookupRoutes(router: Router, ctx: ZoominfoContext): Router {
  const fieldList = (kind: 'input' | 'output') =>
    authenticated(ctx, (req) => {
      const entity = req.params['entity'] as ZoominfoEntity;
      return jsonResponse(200, FIELDS[entity][kind].map((fieldName) => ({ fieldName })));
    });
  return router
    .add('GET', '/lookup/inputfields/:entity(contact|company)/enrich', 'inputFields', fieldList('input'))
    .add('GET', '/lookup/outputfields/:entity(contact|company)/enrich', 'outputFields', fieldList('output'))
    .add(
      'GET',
      '/lookup/usage',
      'usage',
      authenticated(ctx, () => {
        const { quota } = ctx;
        const line = (limitType: string, description: string, limit: number, used: number) => ({ limitType, description, limit, currentUsage: used, usageRemaining: Math.max(0, limit - used) });
        return jsonResponse(200, {
          usage: [
            line('requestLimit', 'Number of API requests', quota.requestLimit, quota.requestsUsed),
            line('recordLimit', 'Number of unique records enriched', quota.recordLimit, quota.recordsUsed),
            line('uniqueIdLimit', 'Number of unique IDs retrieved', quota.recordLimit, quota.recordsUsed),
          ],
        });
      }),
    );
}
