import { jsonResponse, type Router, type SandboxRequest, type SandboxResponse } from '../../kit/index.ts';
import type { HubspotContext } from '../context.ts';
import { hubspotError } from '../errors.ts';
import { objectTypeNamed, propertyDefs, type HubspotObjectType, type PropertyDef } from '../model.ts';

/** The form field HubSpot gives each property type by default (properties API, "Property types and field types"). */
const FIELD_TYPE: Record<PropertyDef['kind'], string> = { string: 'text', number: 'number', date: 'date', datetime: 'date', bool: 'booleancheckbox', enumeration: 'select' };

/** A property as `GET /crm/v3/properties/{objectType}` answers it (SDK model `Property`); `options` lists an enumeration's values. */
function toProperty(type: HubspotObjectType, name: string, def: PropertyDef) {
  const options = def.kind === 'bool' ? ['true', 'false'] : (def.options ?? []);
  return {
    name,
    label: name,
    type: def.kind,
    fieldType: FIELD_TYPE[def.kind],
    description: '',
    groupName: type === 'contacts' ? 'contactinformation' : type === 'companies' ? 'companyinformation' : 'dealinformation',
    options: options.map((value, displayOrder) => ({ label: value, value, displayOrder, hidden: false })),
    hasUniqueValue: def.unique === true,
    // A read-only property (a system stamp) cannot be set through the API: modificationMetadata says so.
    modificationMetadata: { archivable: !def.readOnly, readOnlyDefinition: def.readOnly === true, readOnlyValue: def.readOnly === true },
    calculated: false,
    externalOptions: false,
    hidden: false,
    formField: !def.readOnly,
    archived: false,
  };
}

function objectTypeOf(req: SandboxRequest): HubspotObjectType | SandboxResponse {
  const type = objectTypeNamed(req.params['objectType'] ?? '');
  // HubSpot answers an unknown object type with a 400 [?] (the message is the sandbox's).
  return type ?? hubspotError(400, 'VALIDATION_ERROR', `Unable to infer object type from: ${req.params['objectType'] ?? ''}`);
}

/**
 * The properties API, read side (vendor-apis §2; SDK `crm.properties.coreApi` getAll / getByName): every property of
 * an object type with its type, options, uniqueness and whether its value is read-only, as `syncline check` and the
 * writer's pre-write check read them. Endpoint names: `listProperties`, `getProperty`.
 */
export function addPropertyRoutes(router: Router, ctx: HubspotContext): Router {
  return router
    .add('GET', '/crm/v3/properties/:objectType', 'listProperties', (req) => {
      const type = objectTypeOf(req);
      if (typeof type !== 'string') return type;
      return jsonResponse(200, { results: Object.entries(propertyDefs(type, ctx.customProperties)).map(([name, def]) => toProperty(type, name, def)) });
    })
    .add('GET', '/crm/v3/properties/:objectType/:propertyName', 'getProperty', (req) => {
      const type = objectTypeOf(req);
      if (typeof type !== 'string') return type;
      const name = req.params['propertyName'] ?? '';
      const def = propertyDefs(type, ctx.customProperties)[name];
      return def ? jsonResponse(200, toProperty(type, name, def)) : hubspotError(404, 'OBJECT_NOT_FOUND', `Unable to find property ${name} on object type ${type}`);
    });
}
