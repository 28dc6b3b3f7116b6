import { USER_ID } from './auth.ts';
import type { SaveError } from './errors.ts';
import { normalizeId } from './ids.ts';
import { CREATE_ONLY } from './permission-objects.ts';
import { fieldKey, type FieldAccess, type ObjectDef, type OrgSchema } from './schema.ts';
import type { SalesforceStore, SfRecord } from './store.ts';
import type { FieldValue } from './values.ts';

/*
 * Field-level security for fields created through the Tooling API. A real org gives such a field no field
 * permission, so the integration user's describe omits it, SOQL naming it fails with INVALID_FIELD and a write naming
 * it fails as for an unknown field, until a permission set assigned to the user grants it: a FieldPermissions row
 * (ParentId = the permission set, Field = 'Contact.Foo__c', PermissionsRead, PermissionsEdit) and a
 * PermissionSetAssignment (AssigneeId = the user, PermissionSetId), all created through the REST API (Object
 * Reference, FieldPermissions: "To grant a user access to a field, associate a FieldPermissions record with a
 * PermissionSet that's assigned to a user") [C]. With Read and no Edit the field is visible and describe calls it
 * neither createable nor updateable; a write naming it answers INVALID_FIELD_FOR_INSERT_UPDATE, as for any read-only
 * field (store.ts) [C]. The Tooling API's CustomField query ignores field permissions and lists every field [C].
 *
 * The sandbox's API user is the one in the token response's identity URL (auth.ts USER_ID); it has no profile
 * grants of its own. Fields the org starts with stay visible whatever the permission sets say, as an admin set them
 * up; rows naming them are stored and change nothing.
 *
 * Refusals, each a REST error array with status 400:
 * - PermissionSet with a Name another one has: DUPLICATE_VALUE (the store's unique check) [C for the code; the
 *   message is [?]].
 * - FieldPermissions with PermissionsEdit and not PermissionsRead: FIELD_INTEGRITY_EXCEPTION, worded as Salesforce
 *   words permission dependencies ("Permission Create X depends on permission(s): Read X", seen in ObjectPermissions
 *   loads and deploys) [T for the pattern, [?] for a field's wording]. The dependency itself is documented:
 *   PermissionsEdit "Requires PermissionsRead for the same field to be true" [C].
 * - FieldPermissions naming an object or field the org lacks: INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST, since
 *   SobjectType and Field are restricted picklists (Object Reference) [C for the type; the message is [?]]; a Field
 *   not prefixed by its SobjectType likewise [?].
 * - A second FieldPermissions row for one permission set and field: DUPLICATE_VALUE [?].
 * - PermissionSetAssignment to an assignee that is not the org's user: INVALID_CROSS_REFERENCE_KEY, as for any
 *   lookup to a missing record [?]; the same permission set assigned twice: DUPLICATE_VALUE "Duplicate
 *   PermissionSetAssignment. Assignee: …; Permission Set: …" (the text clients and the sf CLI match on) [T].
 * - Changing a create-only field (FieldPermissions ParentId/SobjectType/Field, PermissionSetAssignment AssigneeId/
 *   PermissionSetId) on update: INVALID_FIELD_FOR_INSERT_UPDATE (Object Reference lists no Update property) [?].
 * A FieldPermissions row with neither permission is kept and grants nothing; Salesforce's answer to one is [?] (the
 * Object Reference says such a row "will be deleted").
 */

const err = (code: string, message: string, fields: string[] = []): SaveError => ({ code, message, fields });

const isLive = (r: SfRecord): boolean => r['IsDeleted'] !== true;
/** The API user's id as the store keeps a written lookup (normalized; auth.ts gives it its true suffix). */
const API_USER = normalizeId(USER_ID) ?? USER_ID;
const text = (v: FieldValue | undefined): string => (typeof v === 'string' ? v : '');

/** Keeps an org's field visibility in step with its permission sets. */
export class FieldSecurity {
  constructor(
    private readonly store: SalesforceStore,
    private readonly schema: OrgSchema,
  ) {
    store.addRule((def, merged, selfId) => this.#check(def, merged, selfId));
    store.onChange((change) => {
      if (change.object in CREATE_ONLY) this.refresh();
    });
    store.onReplace(() => this.refresh());
  }

  #rows(name: string): SfRecord[] {
    const def = this.schema.object(name) as ObjectDef;
    return this.store.all(def).filter(isLive);
  }

  /** Recomputes what the API user may see from the live permission rows and hands it to the schema. */
  refresh(): void {
    const assigned = new Set(this.#rows('PermissionSetAssignment').filter((a) => a['AssigneeId'] === API_USER).map((a) => text(a['PermissionSetId'])));
    const access = new Map<string, FieldAccess>();
    for (const p of this.#rows('FieldPermissions')) {
      if (!assigned.has(text(p['ParentId'])) || p['PermissionsRead'] !== true) continue;
      const [object = '', field = ''] = text(p['Field']).split('.');
      const key = fieldKey(object, field);
      if (p['PermissionsEdit'] === true) access.set(key, 'edit');
      else if (!access.has(key)) access.set(key, 'read');
    }
    this.schema.setFieldAccess(access);
  }

  #check(def: ObjectDef, merged: Readonly<Record<string, FieldValue>>, selfId: string | undefined): SaveError[] {
    const createOnly = CREATE_ONLY[def.name];
    if (!createOnly) return [];
    if (selfId) {
      const stored = this.store.find(def, selfId);
      const changed = createOnly.filter((f) => stored && stored[f] !== merged[f]);
      if (changed.length > 0) {
        return [err('INVALID_FIELD_FOR_INSERT_UPDATE', `Unable to create/update fields: ${changed.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`, changed)];
      }
    }
    if (def.name === 'FieldPermissions') return this.#checkFieldPermissions(merged, selfId);
    if (def.name === 'PermissionSetAssignment') return this.#checkAssignment(def, merged, selfId);
    return [];
  }

  #checkFieldPermissions(merged: Readonly<Record<string, FieldValue>>, selfId: string | undefined): SaveError[] {
    const sobjectType = text(merged['SobjectType']);
    const field = text(merged['Field']);
    const object = this.schema.object(sobjectType);
    if (!object || object.name !== sobjectType) {
      return [err('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `SObject Type Name: bad value for restricted picklist field: ${sobjectType}`, ['SobjectType'])];
    }
    const dot = field.indexOf('.');
    const named = dot > 0 && field.slice(0, dot) === object.name ? this.schema.declaredField(object, field.slice(dot + 1)) : undefined;
    if (!named || `${object.name}.${named}` !== field) return [err('INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST', `Field Name: bad value for restricted picklist field: ${field}`, ['Field'])];
    if (merged['PermissionsEdit'] === true && merged['PermissionsRead'] !== true) {
      return [err('FIELD_INTEGRITY_EXCEPTION', `Permission Edit ${field} depends on permission(s): Read ${field}`, ['PermissionsRead'])];
    }
    const parent = text(merged['ParentId']);
    const other = this.#rows('FieldPermissions').find((p) => p.Id !== selfId && p['ParentId'] === parent && text(p['Field']).toLowerCase() === field.toLowerCase());
    if (other) return [err('DUPLICATE_VALUE', `duplicate value found: <unknown> duplicates value on record with id: ${other.Id}`)];
    return [];
  }

  #checkAssignment(def: ObjectDef, merged: Readonly<Record<string, FieldValue>>, selfId: string | undefined): SaveError[] {
    const assignee = text(merged['AssigneeId']);
    if (assignee !== API_USER) return [err('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', ['AssigneeId'])];
    const permissionSet = text(merged['PermissionSetId']);
    const other = this.#rows(def.name).find((a) => a.Id !== selfId && a['AssigneeId'] === assignee && a['PermissionSetId'] === permissionSet);
    if (other) return [err('DUPLICATE_VALUE', `Duplicate PermissionSetAssignment. Assignee: ${assignee}; Permission Set: ${permissionSet}`)];
    return [];
  }
}
