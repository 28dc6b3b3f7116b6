import { emptyResponse, isPlainObject, jsonResponse, parseJsonBody, type Router, type SandboxRequest, type SandboxResponse } from '../../kit/index.ts';
import type { HubspotContext, PropertyGroup } from '../context.ts';
import { hubspotError, validationError } from '../errors.ts';
import { isHubspotDefined, objectTypeNamed, propertyDef, propertyDefs, uniquePropertyNames, type CustomPropertyDef, type HubspotObjectType, type PropertyDef } from '../model.ts';
import { MAX_UNIQUE_PROPERTIES, applyPropertyUpdate, defaultFieldType, parsePropertyCreate } from '../property-definitions.ts';

/** The group every default property of a type sits in, as in a portal. */
const DEFAULT_GROUP: Record<HubspotObjectType, PropertyGroup> = {
  contacts: { name: 'contactinformation', label: 'Contact information', displayOrder: -1, archived: false },
  companies: { name: 'companyinformation', label: 'Company information', displayOrder: -1, archived: false },
  deals: { name: 'dealinformation', label: 'Deal information', displayOrder: -1, archived: false },
};

/** A property as `GET /crm/v3/properties/{objectType}` answers it (SDK model `Property`); `options` lists an enumeration's values. */
function toProperty(type: HubspotObjectType, name: string, def: PropertyDef) {
  const options = def.kind === 'bool' ? ['true', 'false'] : (def.options ?? []);
  return {
    name,
    label: def.label ?? name,
    type: def.kind,
    fieldType: def.fieldType ?? defaultFieldType(def.kind),
    description: def.description ?? '',
    groupName: def.groupName ?? DEFAULT_GROUP[type].name,
    options: options.map((value, displayOrder) => ({ label: value, value, displayOrder, hidden: false })),
    hasUniqueValue: def.unique === true,
    // A read-only property (a system stamp) cannot be set through the API: modificationMetadata says so.
    modificationMetadata: { archivable: !def.readOnly, readOnlyDefinition: def.readOnly === true, readOnlyValue: def.readOnly === true },
    calculated: false,
    externalOptions: false,
    hidden: false,
    formField: !def.readOnly,
    archived: false,
    hubspotDefined: isHubspotDefined(type, name) && !def.custom,
  };
}

function groupsOf(ctx: HubspotContext, type: HubspotObjectType): PropertyGroup[] {
  return [DEFAULT_GROUP[type], ...(ctx.propertyGroups[type] ?? [])];
}

function customOf(ctx: HubspotContext, type: HubspotObjectType): Record<string, CustomPropertyDef> {
  const custom = ctx.customProperties[type] ?? {};
  ctx.customProperties[type] = custom;
  return custom;
}

/** 400 for a group the object type does not have [?: HubSpot's text not in our sources]. */
function unknownGroup(type: HubspotObjectType, groupName: string): SandboxResponse {
  return validationError(`Property group '${groupName}' does not exist on object type ${type}.`);
}

/**
 * Creates one property from a `PropertyCreate` body, or answers why not. A name already taken is HubSpot's 409
 * [C: "Returns a 409 Conflict error if there is already a property with the 'name' you used", legacy create-property
 * docs]; its category OBJECT_ALREADY_EXISTS is what clients match on [T: third-party setup code treats a 409
 * OBJECT_ALREADY_EXISTS from create-property as "already there"]; the message text is the sandbox's [?].
 */
function createProperty(ctx: HubspotContext, type: HubspotObjectType, body: unknown): SandboxResponse {
  const parsed = parsePropertyCreate(body);
  if (!parsed.ok) return validationError(parsed.message);
  const { name, def } = parsed;
  if (propertyDef(type, name, ctx.customProperties)) return hubspotError(409, 'OBJECT_ALREADY_EXISTS', `A property named '${name}' already exists on object type ${type}.`);
  if (!groupsOf(ctx, type).some((g) => g.name === def.groupName)) return unknownGroup(type, def.groupName ?? '');
  if (def.unique && uniquePropertyNames(type, ctx.customProperties).length >= MAX_UNIQUE_PROPERTIES) {
    return validationError(`Object type ${type} already has ${MAX_UNIQUE_PROPERTIES} unique-value properties, the most HubSpot allows.`);
  }
  customOf(ctx, type)[name] = def;
  return jsonResponse(201, toProperty(type, name, propertyDef(type, name, ctx.customProperties) as PropertyDef));
}

/** A property's definition as the custom map holds it, built from the catalogue for a seeded property. */
function asCustom(def: PropertyDef): CustomPropertyDef {
  const { kind, readOnly: _readOnly, custom: _custom, ...rest } = def;
  return { ...rest, type: kind };
}

function objectTypeOf(req: SandboxRequest): HubspotObjectType | SandboxResponse {
  const type = objectTypeNamed(req.params['objectType'] ?? '');
  // HubSpot answers an unknown object type with a 400 [?] (the message is the sandbox's).
  return type ?? hubspotError(400, 'VALIDATION_ERROR', `Unable to infer object type from: ${req.params['objectType'] ?? ''}`);
}

/**
 * The properties API (vendor-apis §2; SDK `crm.properties.coreApi`, `batchApi.create`, `groupsApi`). Read side: every
 * property of an object type with its type, options, uniqueness and whether its value is read-only, as `syncline check`
 * and the writer's pre-write check read them. Write side: properties created here are the sandbox's own (its
 * context), listed from then on and written, read, searched and imported with the checks of a seeded property of
 * that type (model.ts). Endpoint names: `listProperties`, `getProperty`, `createProperty`, `batchCreateProperties`,
 * `updateProperty`, `archiveProperty`, `listPropertyGroups`, `getPropertyGroup`, `createPropertyGroup`.
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
    })
    .add('POST', '/crm/v3/properties/:objectType', 'createProperty', (req) => {
      const type = objectTypeOf(req);
      if (typeof type !== 'string') return type;
      return createProperty(ctx, type, parseJsonBody(req));
    })
    .add('POST', '/crm/v3/properties/:objectType/batch/create', 'batchCreateProperties', (req) => batchCreate(ctx, req))
    .add('PATCH', '/crm/v3/properties/:objectType/:propertyName', 'updateProperty', (req) => {
      const type = objectTypeOf(req);
      if (typeof type !== 'string') return type;
      const name = req.params['propertyName'] ?? '';
      const def = propertyDef(type, name, ctx.customProperties);
      if (!def) return hubspotError(404, 'OBJECT_NOT_FOUND', `Unable to find property ${name} on object type ${type}`);
      // A system stamp's definition is read-only (modificationMetadata.readOnlyDefinition) [?: HubSpot's status].
      if (def.readOnly) return validationError(`Property ${name} has a read-only definition and cannot be updated.`);
      const updated = applyPropertyUpdate(ctx.customProperties[type]?.[name] ?? asCustom(def), parseJsonBody(req));
      if (!updated.ok) return validationError(updated.message);
      if (updated.def.groupName && !groupsOf(ctx, type).some((g) => g.name === updated.def.groupName)) return unknownGroup(type, updated.def.groupName);
      customOf(ctx, type)[name] = updated.def;
      return jsonResponse(200, toProperty(type, name, propertyDef(type, name, ctx.customProperties) as PropertyDef));
    })
    .add('DELETE', '/crm/v3/properties/:objectType/:propertyName', 'archiveProperty', (req) => {
      const type = objectTypeOf(req);
      if (typeof type !== 'string') return type;
      const name = req.params['propertyName'] ?? '';
      const def = propertyDef(type, name, ctx.customProperties);
      if (!def) return hubspotError(404, 'OBJECT_NOT_FOUND', `Unable to find property ${name} on object type ${type}`);
      // HubSpot's default properties cannot be archived (modificationMetadata.archivable false) [?: status and text].
      if (def.readOnly || (isHubspotDefined(type, name) && !def.custom)) return validationError(`Property ${name} is a HubSpot default property and cannot be archived.`);
      // Records keep their values, as HubSpot keeps an archived property's data [?]; reads only show known names anyway.
      customOf(ctx, type)[name] = { absent: true };
      return emptyResponse(204);
    })
    .add('GET', '/crm/v3/properties/:objectType/groups', 'listPropertyGroups', (req) => {
      const type = objectTypeOf(req);
      if (typeof type !== 'string') return type;
      return jsonResponse(200, { results: groupsOf(ctx, type) });
    })
    .add('GET', '/crm/v3/properties/:objectType/groups/:groupName', 'getPropertyGroup', (req) => {
      const type = objectTypeOf(req);
      if (typeof type !== 'string') return type;
      const group = groupsOf(ctx, type).find((g) => g.name === req.params['groupName']);
      return group ? jsonResponse(200, group) : hubspotError(404, 'OBJECT_NOT_FOUND', `Unable to find property group ${req.params['groupName'] ?? ''} on object type ${type}`);
    })
    .add('POST', '/crm/v3/properties/:objectType/groups', 'createPropertyGroup', (req) => {
      const type = objectTypeOf(req);
      if (typeof type !== 'string') return type;
      const body = parseJsonBody(req);
      if (!isPlainObject(body) || typeof body['name'] !== 'string' || typeof body['label'] !== 'string') return validationError("'name' and 'label' are required.");
      const name = body['name'];
      if (!/^[a-z][a-z0-9_]*$/.test(name)) return validationError(`Property group name '${name}' is invalid: use lower-case letters, digits and underscores, starting with a letter.`);
      // A taken group name is answered like a taken property name [?].
      if (groupsOf(ctx, type).some((g) => g.name === name)) return hubspotError(409, 'OBJECT_ALREADY_EXISTS', `A property group named '${name}' already exists on object type ${type}.`);
      const group: PropertyGroup = { name, label: body['label'], displayOrder: typeof body['displayOrder'] === 'number' ? body['displayOrder'] : -1, archived: false };
      ctx.propertyGroups[type] = [...(ctx.propertyGroups[type] ?? []), group];
      return jsonResponse(201, group);
    });
}

/**
 * `POST /crm/v3/properties/{objectType}/batch/create` (SDK `BatchInputPropertyCreate` → `BatchResponseProperty`): each
 * input is created as a single create would be; 201 when all are, 207 with `errors` (and `numErrors`) when some are
 * not, the shape HubSpot's batch endpoints answer (vendor-apis §2.3).
 */
function batchCreate(ctx: HubspotContext, req: SandboxRequest): SandboxResponse {
  const type = objectTypeOf(req);
  if (typeof type !== 'string') return type;
  const body = parseJsonBody(req);
  if (!isPlainObject(body) || !Array.isArray(body['inputs'])) return validationError("Invalid input JSON: the body must be {\"inputs\": [ … ]}.");
  const startedAt = new Date().toISOString();
  const results: unknown[] = [];
  const errors: unknown[] = [];
  for (const input of body['inputs'] as unknown[]) {
    const outcome = createProperty(ctx, type, input);
    if (outcome.status === 201) results.push(outcome.body);
    else {
      const failure = outcome.body as { message?: string; category?: string };
      errors.push({ status: 'error', category: failure.category, message: failure.message, context: { name: [isPlainObject(input) ? String(input['name']) : ''] } });
    }
  }
  const out: Record<string, unknown> = { status: 'COMPLETE', results, startedAt, completedAt: new Date().toISOString() };
  if (errors.length > 0) Object.assign(out, { numErrors: errors.length, errors });
  return jsonResponse(errors.length > 0 ? 207 : 201, out);
}
