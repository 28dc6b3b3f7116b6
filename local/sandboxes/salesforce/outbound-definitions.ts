import { BadRequestError, isPlainObject } from '../kit/index.ts';
import { makeId } from './ids.ts';
import { canonicalField, type ObjectDef, type OrgSchema } from './schema.ts';

/** When an Outbound Message fires, as a workflow rule's evaluation criteria put it. Deletes never fire one. */
export type OutboundTrigger = 'create' | 'createOrUpdate';

/** An Outbound Message definition as given at start or to `POST /__sandbox/outbound-messages`. */
export interface OutboundMessageInput {
  object: string;
  /** Fields to send; `Id` is always sent. Include SystemModstamp: receivers order snapshots by it. */
  fields: readonly string[];
  endpointUrl: string;
  name?: string;
  /** Default `createOrUpdate` ("created, and every time it's edited"). */
  on?: OutboundTrigger;
}

/** A validated definition; `actionId` (04k…) is what each message's `<ActionId>` carries. */
export interface OutboundMessageDefinition {
  actionId: string;
  name: string;
  def: ObjectDef;
  fields: string[];
  endpointUrl: string;
  on: OutboundTrigger;
}

function stringList(value: unknown): string[] {
  if (!Array.isArray(value) || value.length === 0 || value.some((f) => typeof f !== 'string')) {
    throw new BadRequestError("An Outbound Message needs 'fields': a non-empty array of field names.");
  }
  return value as string[];
}

function endpointOf(value: unknown): string {
  if (typeof value === 'string') {
    try {
      const url = new URL(value);
      if (url.protocol === 'http:' || url.protocol === 'https:') return value;
    } catch {
      // falls through to the error below
    }
  }
  throw new BadRequestError("An Outbound Message needs 'endpointUrl': an http(s) URL.");
}

/**
 * Validates a definition against the org's schema as it is now (a custom field the org lacks is refused).
 * @throws BadRequestError naming the first thing that is wrong.
 */
export function defineOutboundMessage(input: unknown, sequence: number, schema: OrgSchema): OutboundMessageDefinition {
  if (!isPlainObject(input)) throw new BadRequestError('An Outbound Message definition must be a JSON object.');
  const def = schema.object(typeof input['object'] === 'string' ? input['object'] : '');
  if (!def) throw new BadRequestError(`Unknown object '${String(input['object'])}' for an Outbound Message.`);
  const fields = stringList(input['fields']).map((f) => {
    const name = canonicalField(def, f);
    if (!name) throw new BadRequestError(`No such field '${f}' on ${def.name}.`);
    return name;
  });
  const on = input['on'] ?? 'createOrUpdate';
  if (on !== 'create' && on !== 'createOrUpdate') throw new BadRequestError("'on' must be 'create' or 'createOrUpdate'.");
  const name = input['name'] ?? `Syncline_${def.name}`;
  if (typeof name !== 'string' || name === '') throw new BadRequestError("'name' must be a non-empty string.");
  return { actionId: makeId('04k', sequence), name, def, fields: [...new Set(fields.filter((f) => f !== 'Id'))], endpointUrl: endpointOf(input['endpointUrl']), on };
}

/** The JSON view of a definition for the inspection API. */
export function describeDefinition(d: OutboundMessageDefinition): Record<string, unknown> {
  return { id: d.actionId, name: d.name, object: d.def.name, fields: ['Id', ...d.fields], endpointUrl: d.endpointUrl, on: d.on };
}
