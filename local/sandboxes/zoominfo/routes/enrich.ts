import { BadRequestError, isPlainObject, jsonResponse, parseJsonBody, ResponseError, type Router, type SandboxRequest } from '../../kit/index.ts';
import { authenticated, type ZoominfoContext } from '../context.ts';
import { invalidInputFields, invalidOutputFields, rateLimited, recordLimitReached } from '../errors.ts';
import { FIELDS, type ZoominfoEntity } from '../fields.ts';
import { matchCompany, matchPerson, type MatchOutcome } from '../match.ts';
import { project, type ZoominfoCompany, type ZoominfoContact } from '../model.ts';

/** Inputs per request (vendor-apis §3, [C]). */
export const MAX_INPUTS = 25;

const INPUT_KEY: Record<ZoominfoEntity, string> = { company: 'matchCompanyInput', contact: 'matchPersonInput' };

interface EnrichRequest {
  inputs: Record<string, unknown>[];
  outputFields: string[];
}

/** Validates the body; refusals are 400s in the vendor's words where it has them. */
function parseEnrichRequest(req: SandboxRequest, entity: ZoominfoEntity): EnrichRequest {
  const body = parseJsonBody(req);
  if (!isPlainObject(body)) throw new BadRequestError('The request body must be a JSON object.');
  const key = INPUT_KEY[entity];
  const inputs = body[key];
  if (!Array.isArray(inputs) || inputs.length === 0) throw new BadRequestError(`'${key}' must be a non-empty array.`);
  if (inputs.length > MAX_INPUTS) throw new BadRequestError(`'${key}' has ${inputs.length} inputs; at most ${MAX_INPUTS} are allowed per request.`);
  if (!inputs.every(isPlainObject)) throw new BadRequestError(`Every '${key}' entry must be a JSON object.`);
  const outputFields = body['outputFields'];
  if (!Array.isArray(outputFields) || outputFields.length === 0 || !outputFields.every((f) => typeof f === 'string')) {
    throw new BadRequestError("'outputFields' must be a non-empty array of field names.");
  }
  const { input: knownInputs, output: knownOutputs } = FIELDS[entity];
  const badOutputs = outputFields.filter((f) => !knownOutputs.includes(f));
  if (badOutputs.length > 0) throw new ResponseError(invalidOutputFields(badOutputs));
  const badInputs = [...new Set(inputs.flatMap((i) => Object.keys(i)).filter((k) => !knownInputs.includes(k)))];
  if (badInputs.length > 0) throw new ResponseError(invalidInputFields(badInputs));
  return { inputs, outputFields };
}

/** The echoed input: keys lowercased, and string values too, as in the vendor's example (vendor-apis §3). */
function echo(input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(input).map(([k, v]) => [k.toLowerCase(), typeof v === 'string' ? v.toLowerCase() : v]));
}

function enrichHandler(ctx: ZoominfoContext, entity: ZoominfoEntity) {
  return authenticated(ctx, (req) => {
    const limit = ctx.enrichLimit.tryTake();
    if (!limit.ok) return rateLimited(limit.retryAfterSeconds, ctx.enrichLimit.minute.limit);
    ctx.quota.countRequest();
    const { inputs, outputFields } = parseEnrichRequest(req, entity);
    const outcomes: MatchOutcome<ZoominfoCompany | ZoominfoContact>[] = inputs.map((input) => (entity === 'company' ? matchCompany(ctx.store, input) : matchPerson(ctx.store, input)));
    const keys = outcomes.flatMap((o) => o.records.map((r) => `${entity}:${r.id}`));
    if (ctx.quota.newRecords(keys) > ctx.quota.recordsRemaining()) return recordLimitReached();
    ctx.quota.charge(keys);
    return jsonResponse(200, {
      success: true,
      data: {
        outputFields: [outputFields],
        result: outcomes.map((o, i) => ({ input: echo(inputs[i] ?? {}), data: o.records.map((r) => project(r, outputFields)), matchStatus: o.status })),
      },
    });
  });
}

/** `POST /enrich/company` and `POST /enrich/contact`. */
export function addEnrichRoutes(router: Router, ctx: ZoominfoContext): Router {
  return router.add('POST', '/enrich/company', 'enrichCompany', enrichHandler(ctx, 'company')).add('POST', '/enrich/contact', 'enrichContact', enrichHandler(ctx, 'contact'));
}
