import type { FieldDef, ObjectDef } from './schema.ts';

/*
 * The setup objects that grant field-level security through the REST API: PermissionSet, FieldPermissions and
 * PermissionSetAssignment (Object Reference for the Salesforce Platform, each object's page) [C]. Key prefixes are
 * Salesforce's: 0PS PermissionSet, 01k FieldPermissions, 0Pa PermissionSetAssignment [C]. These objects carry the
 * audit fields but no OwnerId, and no IsDeleted: a deleted permission row is gone, not in the recycle bin [C]. The
 * sandbox serves only the fields a grant needs; the rules they follow beyond types are in field-security.ts.
 */

const AUDIT: Record<string, FieldDef> = {
  Id: { type: 'id', readOnly: true },
  CreatedDate: { type: 'datetime', readOnly: true },
  CreatedById: { type: 'reference', readOnly: true },
  LastModifiedDate: { type: 'datetime', readOnly: true },
  LastModifiedById: { type: 'reference', readOnly: true },
  SystemModstamp: { type: 'datetime', readOnly: true },
};

/** Field names of each permission object that the API sets on create only (no Update property in the Object Reference) [C]. */
export const CREATE_ONLY: Readonly<Record<string, readonly string[]>> = {
  PermissionSet: [],
  FieldPermissions: ['ParentId', 'SobjectType', 'Field'],
  PermissionSetAssignment: ['AssigneeId', 'PermissionSetId'],
};

/** The permission objects, keyed by name, for the org's object list (schema.ts OBJECTS). */
export const PERMISSION_OBJECTS: Readonly<Record<string, ObjectDef>> = {
  PermissionSet: {
    name: 'PermissionSet',
    keyPrefix: '0PS',
    fields: {
      ...AUDIT,
      // Name is the permission set's unique API (developer) name; Label what Setup shows [C].
      Name: { type: 'string', required: true, unique: true, length: 80, label: 'Name' },
      Label: { type: 'string', required: true, length: 80, label: 'Label' },
      Description: { type: 'string', length: 255 },
      // True only for the permission set behind a profile, which the API cannot create [C].
      IsOwnedByProfile: { type: 'boolean', readOnly: true, defaultValue: false, label: 'Is Owned By Profile' },
    },
  },
  FieldPermissions: {
    name: 'FieldPermissions',
    keyPrefix: '01k',
    fields: {
      ...AUDIT,
      ParentId: { type: 'reference', required: true, referenceTo: ['0PS'], label: 'Parent ID' },
      // Restricted picklists in a real org: SobjectType an object's API name, Field `Object.Field` [C].
      SobjectType: { type: 'string', required: true, length: 40, label: 'SObject Type Name' },
      Field: { type: 'string', required: true, length: 80, label: 'Field Name' },
      PermissionsRead: { type: 'boolean', defaultValue: false, label: 'Read Field' },
      PermissionsEdit: { type: 'boolean', defaultValue: false, label: 'Edit Field' },
    },
  },
  PermissionSetAssignment: {
    name: 'PermissionSetAssignment',
    keyPrefix: '0Pa',
    fields: {
      ...AUDIT,
      AssigneeId: { type: 'reference', required: true, referenceTo: ['005'], label: 'Assignee ID' },
      PermissionSetId: { type: 'reference', required: true, referenceTo: ['0PS'], label: 'Permission Set ID' },
    },
  },
};
