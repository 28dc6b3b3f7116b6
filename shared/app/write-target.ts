import { idempotencyKey, recordKey, type ChangeEvent, type FieldValues } from '#domain/change-event';
import { diffFields, type FieldChange } from '#domain/diff';
import { IdentityConflict, PermanentError, RetryableError } from '#domain/errors';
import { goldenValues, mergeObservations, targetChanges, type GoldenRecord } from '#domain/golden-record';
import { createObjectOf, fieldMapping, fromCanonical, heldIdOf, linkFieldsOf, missingRequired, policyOf, survivorshipRules, toCanonical, type ObjectMapping, type SyncPlan } from '#domain/mapping';
import { referenceFields } from '#domain/references';
import { refusedByTargetFields, refusedTargetValue } from '#domain/target-values';
import type { ExactField } from '#domain/identity/rules';
import { companyDomainFromWebsite } from '#domain/normalize/company-domain';
import type { Clock } from '#ports/clock';
import type { ChangeReader, CrmWriter, TargetField, UpsertResult } from '#ports/crm';
import { MetricName, type Metrics } from '#ports/metrics';
import type { AuditEntry, AuditLog, EntityState, StateStore } from '#ports/stores';
import { canonicalReferences, targetReferences } from './resolve-references.ts';

export interface TargetWrite {
  target: string;
  recordKey: string;
  created: boolean;
  changes: FieldChange[];
}

export interface WriteDeps {
  /** Its match rules say which field finds a person in a target before one is created (the exact rule's). */
  plan: SyncPlan;
  /** Resolves references (a Task's person) to the target's own record ids. */
  state: Pick<StateStore, 'entityOf' | 'getEntity'>;
  readers: Partial<Record<string, ChangeReader>>;
  writers: Partial<Record<string, CrmWriter>>;
  metrics: Metrics;
  clock: Clock;
}

interface WriteInput {
  event: ChangeEvent;
  mapping: ObjectMapping;
  target: string;
  /** Read only: what changes is in the returned {@link TargetDecision}. */
  state: Readonly<EntityState>;
}

/** The systems an entity is linked to in a sync of its object: where a change to it is written. */
export function linkedTargets(plan: Pick<SyncPlan, 'syncs'>, object: string, links: Readonly<Record<string, string>>): string[] {
  return [...new Set(plan.syncs.filter((s) => s.object === object && links[s.to]).map((s) => s.to))];
}

/** What writing a change's targets did: the writes made, and the targets that needed none. */
export interface TargetsWritten {
  status: 'synced';
  entityId: string;
  writes: TargetWrite[];
  unchanged: string[];
}

/**
 * Writes each target in turn, each seeing what the ones before it decided (a value one kept, a link one found); a
 * write is audited once it is done. Returns the result and the entity with every target's decision applied.
 */
export async function writeTargets(deps: WriteDeps & { audit: Pick<AuditLog, 'append'> }, event: ChangeEvent, mapping: ObjectMapping, targets: readonly string[], entity: EntityState): Promise<{ result: TargetsWritten; state: EntityState }> {
  let state = entity;
  const writes: TargetWrite[] = [];
  const unchanged: string[] = [];
  for (const target of targets) {
    const decision = await writeTarget(deps, { event, mapping, target, state });
    state = withTargetDecision(state, decision);
    if (!decision.write) {
      unchanged.push(target);
      continue;
    }
    await deps.audit.append(decision.audit);
    deps.metrics.count(MetricName.RecordsWritten);
    writes.push(decision.write);
  }
  return { result: { status: 'synced', entityId: state.entityId, writes, unchanged }, state };
}

/** The entity with one target's decision: its link, the golden record it leaves, what it is known to hold. */
function withTargetDecision(state: EntityState, decision: TargetDecision): EntityState {
  const { target, link, golden, written, linksHeld } = decision;
  return {
    ...state,
    golden,
    links: link ? { ...state.links, [target]: link } : state.links,
    written: written ? { ...state.written, [target]: written } : state.written,
    ...(linksHeld && { linksHeld: { ...state.linksHeld, [target]: linksHeld } }),
  };
}

/** What bringing one target up to the golden record decided; the processor applies it before the next target. */
export interface TargetDecision {
  target: string;
  /** The target's record, `Object:id`, once known: held, carried by the source, found in the target, or written. */
  link?: string;
  /**
   * The golden record with what the target was seen to hold merged in (read before the write, or kept by the target
   * against it); the entity's own record when the target said nothing new.
   */
  golden: GoldenRecord;
  /** What the target holds as far as Syncline knows, when that changed. */
  written?: FieldValues;
  /** The linked records' ids the target's record holds in its link fields, when that changed. */
  linksHeld?: Record<string, string>;
  /** The write made; absent when the target lacked nothing. */
  write?: TargetWrite;
  /** One entry per field written, to append to the audit log once the write is done. */
  audit: AuditEntry[];
}

/**
 * Pipeline step 7 for values, over every target before the first write: a value one of them would refuse (an invalid
 * e-mail address, text longer than the target field holds, a value its restricted picklist does not list) quarantines
 * the change with nothing written anywhere. Checked per target inside the writes, an address Salesforce takes and
 * HubSpot refuses would leave a Salesforce record written and its link unstored. The limits come from each target's
 * metadata where its writer reads it (kept for an hour: no call per change).
 */
export async function refusedBeforeWrites(writers: WriteDeps['writers'], mapping: ObjectMapping, state: EntityState, targets: readonly string[]): Promise<PermanentError | undefined> {
  const rules = survivorshipRules(mapping);
  for (const target of targets) {
    const binding = mapping.systems[target];
    if (!binding) continue;
    const targetObject = state.links[target]?.split(':')[0] ?? createObjectOf(binding);
    const canonical = targetChanges(state.golden, rules, target, state.written[target] ?? {});
    const values = fromCanonical(mapping, target, targetObject, canonical);
    const refused = refusedTargetValue(mapping, state.object, target, targetObject, values);
    if (refused) return refused;
    if (Object.keys(values).length === 0) continue;
    const unfit = async (fresh: boolean) => {
      const fields = await fieldsOf(writers[target], targetObject, fresh);
      return fields && refusedByTargetFields(mapping, state.object, target, targetObject, values, fields);
    };
    // A refusal by the kept metadata is checked once more against the vendor's current one: the fix the message
    // names (a value added to the picklist, a field widened) must let the retry through.
    if ((await unfit(false)) === undefined) continue;
    const refusedNow = await unfit(true);
    if (refusedNow) return refusedNow;
  }
  return undefined;
}

/**
 * A target's field metadata, or `undefined` when its writer reads none or the read fails: then the vendor itself
 * decides, as before (a metadata outage must not hold every write back, nor quarantine data it would take).
 */
async function fieldsOf(writer: CrmWriter | undefined, objectType: string, fresh: boolean): Promise<Readonly<Record<string, TargetField>> | undefined> {
  try {
    return await writer?.fields?.(objectType, { fresh });
  } catch {
    return undefined;
  }
}

/**
 * Brings one target up to the golden record (pipeline steps 7–9): only the fields it lacks, never its own values
 * back. A record Syncline already linked is updated by its own id; a new one is upserted by the source's external
 * id after the target's required fields are checked. Makes the target's calls; returns what they decided.
 */
export async function writeTarget(deps: WriteDeps, input: WriteInput): Promise<TargetDecision> {
  const { event, mapping, target, state } = input;
  const binding = mapping.systems[target];
  const writer = deps.writers[target];
  if (!binding || !writer) throw new PermanentError('NO_TARGET', `${target} is not configured as a target`);
  // A source that names records by the target's own ids (Gong by Salesforce's) points at the target record itself.
  const held = state.links[target] || (binding.externalIds[event.source] === 'Id' ? `${createObjectOf(binding)}:${event.sourceId}` : undefined);
  const link = held || (await findInTarget(deps, input));
  const targetObject = link?.split(':')[0] ?? createObjectOf(binding);
  const linked = link?.split(':')[1];
  const rules = survivorshipRules(mapping);
  const caughtUp = linked ? await catchUpWithTarget(deps, input, targetObject, linked, targetChanges(state.golden, rules, target, state.written[target] ?? {})) : undefined;
  const golden = caughtUp?.golden ?? state.golden;
  const known = caughtUp?.written ?? state.written[target] ?? {};
  const canonical = asHeldChanges(mapping, target, targetObject, targetChanges(golden, rules, target, known), known);
  // Only fields the target accepts writes for; the rest stay out of `written` and are proposed again, harmlessly.
  const resolved = await targetReferences(deps, mapping, target, canonical);
  // A reference left out (its record not in the target yet, `whenUnlinked: omit`) is not written, so not known as held.
  for (const name of Object.keys(canonical)) if (!(name in resolved)) delete canonical[name];
  const mapped = fromCanonical(mapping, target, targetObject, resolved);
  // The other systems' ids the record should hold and may not yet (a HubSpot contact's Salesforce id): written once.
  const links = linksToWrite(input, linked === undefined);
  const vendorAfter = { ...mapped, ...links.fields };
  if (Object.keys(vendorAfter).length === 0) return { target, ...(link && { link }), golden, ...(caughtUp && { written: caughtUp.written }), audit: [] };

  const result = linked ? await update(writer, targetObject, linked, vendorAfter) : await create(deps, input, writer, targetObject, vendorAfter);
  if (!result.ok) {
    if (DUPLICATE_CODES.has(result.code)) {
      // The target's own duplicate matches (Salesforce's duplicate rule names them) are the candidates to review.
      throw new IdentityConflict(result.code, `${target} refused ${state.entityId} as a duplicate: ${result.message}`, (result.candidates ?? []).map((c) => `record:${target}:${c}`));
    }
    if (result.retryable) throw new RetryableError(`${target} refused ${state.entityId}: ${result.code}`);
    throw new PermanentError(result.code, `${target} refused ${state.entityId}: ${result.message}`);
  }

  const writable = (name: string) => Object.keys(fromCanonical(mapping, target, targetObject, { [name]: canonical[name] ?? null })).length > 0;
  const writtenCanonical = Object.fromEntries(Object.entries(canonical).filter(([name]) => writable(name)));
  const kept = keptByTarget(deps, input, golden, targetObject, result.kept);
  // What the target kept was not written: it is neither audited nor remembered as written (a kept value it cannot
  // report back in canonical form, e.g. a write-only field, leaves the field as unknown as before).
  const keptVendor = new Set(Object.keys(result.kept ?? {}));
  const applied = Object.fromEntries(Object.entries(writtenCanonical).filter(([name]) => !keptVendor.has(vendorFieldOf(mapping, name, target, targetObject) ?? '')));
  const before = await targetReferences(deps, mapping, target, pick(known, Object.keys(applied))).catch(() => pick(known, Object.keys(applied)));
  const changes = diffFields(fromCanonical(mapping, target, targetObject, before), Object.fromEntries(Object.entries(vendorAfter).filter(([field]) => !keptVendor.has(field))));
  const targetKey = recordKey(target, targetObject, result.id);
  const at = new Date(deps.clock.nowMs()).toISOString();
  const audit = changes.map((c) => ({ ...c, recordKey: targetKey, sourceKey: recordKey(event.source, event.objectType, event.sourceId), eventId: idempotencyKey(event), actor: 'syncline', at }));
  return {
    target,
    link: `${targetObject}:${result.id}`,
    golden: kept.golden,
    written: { ...known, ...applied, ...kept.values },
    linksHeld: links.held,
    write: { target, recordKey: targetKey, created: result.created, changes },
    audit,
  };
}

/**
 * The changes as the target will hold them, and only those it does not hold already. A field whose mapping
 * transforms the value on the way in (a website written to HubSpot's `domain` as a bare domain) reads back as the
 * transformed value: that is what Syncline records as written, so reading it back is an echo, and the golden value
 * is not sent again each time.
 */
function asHeldChanges(mapping: ObjectMapping, target: string, object: string, changes: FieldValues, known: FieldValues): FieldValues {
  const out: FieldValues = {};
  for (const [name, value] of Object.entries(changes)) {
    const vendor = fromCanonical(mapping, target, object, { [name]: value });
    const held = Object.keys(vendor).length > 0 ? toCanonical(mapping, target, object, vendor)[name] : undefined;
    const asHeld = held === undefined || typeof value !== 'string' ? value : held;
    if (name in known && (known[name] ?? null) === asHeld) continue;
    out[name] = asHeld;
  }
  return out;
}

/**
 * The link fields of the target's record to write: each system the entity links whose id the record is not known to
 * hold (`linksHeld`). A record created now is upserted by the source's id, so it holds that one already. Returns them
 * with what the record will hold once written.
 */
function linksToWrite(input: WriteInput, creating: boolean): { fields: FieldValues; held: Record<string, string> } {
  const { event, mapping, target, state } = input;
  const held: Record<string, string> = { ...state.linksHeld?.[target] };
  if (creating) held[event.source] = heldIdOf(mapping, event.source, event.objectType, event.sourceId);
  const fields: FieldValues = {};
  for (const [system, field] of Object.entries(linkFieldsOf(mapping, target))) {
    const link = state.links[system];
    const at = link?.indexOf(':') ?? -1;
    const id = link === undefined ? undefined : heldIdOf(mapping, system, link.slice(0, at), link.slice(at + 1));
    if (system === target || id === undefined || held[system] === id) continue;
    fields[field] = id;
    held[system] = id;
  }
  return { fields, held };
}

/**
 * Values the target would not take (Outreach cannot resume a finished sequence) are what it holds: they are merged as
 * its own observation, newer than the value written, by the field's rules. Where those let the target speak (a
 * `newest` field, or one it owns) the golden record takes them and the other systems get them back; under `owner`
 * with another system of record (or a `review` conflict, which is not parked from here) the golden value stays, and is
 * offered to the target again with the next change. Returns them in canonical form (what Syncline now knows the
 * target holds), with the golden record they leave.
 */
function keptByTarget(deps: WriteDeps, input: WriteInput, golden: GoldenRecord, object: string, vendorKept: FieldValues | undefined): { values: FieldValues; golden: GoldenRecord } {
  const { mapping, target } = input;
  const kept = vendorKept ? toCanonical(mapping, target, object, vendorKept) : {};
  if (Object.keys(kept).length === 0) return { values: kept, golden };
  // The target answered after the write: its value is newer than the one written, whatever the clocks say.
  const merged = mergeTargetValues(input, golden, kept, (name) => Math.max(deps.clock.nowMs(), (golden.fields[name]?.observedAt ?? 0) + 1), `${target}:kept`);
  deps.metrics.count(MetricName.FieldsKeptByTarget, Object.keys(kept).length);
  return { values: kept, golden: merged };
}

/**
 * Before overwriting a field the target may legitimately have changed itself (a field it owns, or a `newest`
 * field), read what it holds now. If it changed since Syncline last knew, that change is merged first (the target
 * has spoken), so Syncline never overwrites an edit it has not seen yet; the target's own event will then be an echo.
 * Returns the golden record and the target's known values with that change, or nothing when there was none.
 */
async function catchUpWithTarget(deps: WriteDeps, input: WriteInput, object: string, id: string, pending: FieldValues): Promise<{ golden: GoldenRecord; written: FieldValues } | undefined> {
  const { mapping, target, state } = input;
  const guarded = Object.keys(pending).filter((name) => {
    const spec = mapping.fields[name];
    const m = spec ? fieldMapping(spec, target, object) : undefined;
    const readable = m !== undefined && (m.direction === 'both' || m.direction === 'out');
    return spec !== undefined && readable && (policyOf(spec) === 'newest' || spec.owner === target);
  });
  const reader = deps.readers[target];
  if (guarded.length === 0 || !reader) return undefined;
  const vendorFields = guarded.flatMap((name) => vendorFieldOf(mapping, name, target, object) ?? []);
  const current = await reader.read(object, id, vendorFields);
  if (!current) return undefined;
  const now = await canonicalOrOmitted(deps, mapping, target, toCanonical(mapping, target, object, current.values));
  const known = state.written[target] ?? {};
  const changedBehindUs = Object.fromEntries(guarded.filter((name) => name in now && (now[name] ?? null) !== (known[name] ?? null)).map((name) => [name, now[name] ?? null]));
  if (Object.keys(changedBehindUs).length === 0) return undefined;
  const observedAt = current.modifiedAt ?? deps.clock.nowMs();
  const golden = mergeTargetValues(input, state.golden, changedBehindUs, () => observedAt, `${target}:read-before-write`);
  return { golden, written: { ...known, ...changedBehindUs } };
}

/**
 * The target's values with its references in canonical form (`entity:<id>`), as every observation is kept; a
 * reference no link resolves is left out, since the target's own id of an unknown record says nothing comparable.
 */
async function canonicalOrOmitted(deps: WriteDeps, mapping: ObjectMapping, target: string, values: FieldValues): Promise<FieldValues> {
  const references = Object.keys(referenceFields(mapping)).filter((name) => name in values);
  if (references.length === 0) return values;
  const out = { ...values };
  for (const name of references) {
    try {
      Object.assign(out, await canonicalReferences({ ...deps, lastAttempt: false, requests: undefined }, mapping, target, { [name]: values[name] ?? null }));
    } catch {
      delete out[name];
    }
  }
  return out;
}

/** Values the target holds, merged into `golden` as the target's own observations; the fields' rules decide. */
function mergeTargetValues(input: WriteInput, golden: GoldenRecord, values: FieldValues, observedAt: (field: string) => number, eventId: string): GoldenRecord {
  const { mapping, target } = input;
  const observations = Object.fromEntries(Object.entries(values).map(([name, value]) => [name, { value, source: target, observedAt: observedAt(name), eventId }]));
  return mergeObservations(golden, survivorshipRules(mapping), observations).record;
}

/** The target object's field behind a canonical field, if the contract maps it there. */
function vendorFieldOf(mapping: ObjectMapping, name: string, target: string, object: string): string | undefined {
  const spec = mapping.fields[name];
  return spec ? fieldMapping(spec, target, object)?.field : undefined;
}

/** A target's refusals that mean "this person is already here": a duplicate rule, several records on one external id. */
const DUPLICATE_CODES = new Set(['DUPLICATES_DETECTED', 'DUPLICATE_EXTERNAL_ID', 'MULTIPLE_CHOICES']);

/**
 * Before creating a person in a target, look for them there by the exact match field (the e-mail): a record the
 * target already holds (created there, or by another source at the same moment) is linked and updated, never
 * duplicated. Several records are a conflict for review. A reviewed decision (`record:<key>`) links that record.
 * Returns the record to link (`Object:id`), if any.
 */
async function findInTarget(deps: WriteDeps, input: WriteInput): Promise<string | undefined> {
  const { event, mapping, target, state } = input;
  const decided = event.resolution?.startsWith(`record:${target}:`) ? event.resolution.slice(`record:${target}:`.length) : undefined;
  if (decided) return decided;
  const reader = deps.readers[target];
  const binding = mapping.systems[target];
  const field = deps.plan.identity?.[state.object]?.rules.find((rule) => rule.kind === 'exact')?.field;
  const source = field === undefined ? undefined : EXACT_SOURCE[field];
  const value = source ? goldenValues(state.golden)[source] : undefined;
  if (!reader?.findIds || !binding || !field || !source || typeof value !== 'string' || value === '' || event.resolution === 'new') return undefined;
  // Every object and spelling at once: in a window, the lookups of all objects and changes go out together.
  const findIds = reader.findIds.bind(reader);
  const spec = mapping.fields[source];
  const found = (
    await Promise.all(
      binding.objects.map(async (object) => {
        const m = spec ? fieldMapping(spec, target, object) : undefined;
        if (!m) return [];
        const spellings = field === 'domain' ? domainSpellings(value, m.transform.includes('bare-domain')) : [value];
        const ids = (await Promise.all(spellings.map((v) => findIds(object, m.field, v)))).flat();
        return [...new Set(ids)].map((id) => `${object}:${id}`);
      }),
    )
  ).flat();
  if (found.length > 1) throw new IdentityConflict('MULTIPLE_MATCHES', `${target} holds ${found.length} records with this ${field}`, found.map((ref) => `record:${target}:${ref}`));
  if (found.length === 1) deps.metrics.count(MetricName.RecordsMatched);
  return found[0];
}

/** The canonical field an exact match key is read from. */
const EXACT_SOURCE: Readonly<Record<ExactField, string>> = { email: 'email', domain: 'website' };

/**
 * How a company's domain may be spelled where it is kept: a bare domain where the target keeps one (HubSpot's
 * `domain`), else the usual ways a website is typed into a URL field (scheme, `www.`, a trailing slash), since a
 * lookup compares whole values.
 */
function domainSpellings(website: string, bare: boolean): string[] {
  const host = companyDomainFromWebsite(website);
  if (host === undefined) return [];
  if (bare) return [host];
  const hosts = [host, `www.${host}`];
  return [...hosts, ...hosts.flatMap((h) => [`http://${h}`, `https://${h}`]).flatMap((url) => [url, `${url}/`])];
}

async function updateExisting(deps: WriteDeps, input: WriteInput, writer: CrmWriter, object: string, externalIdField: string, fields: FieldValues): Promise<UpsertResult> {
  const { event, target, mapping } = input;
  const reader = deps.readers[target];
  if (!reader?.findIds) throw new PermanentError('NO_READER', `${target} cannot be searched for the ${object} holding ${event.source}'s id`);
  const held = heldIdOf(mapping, event.source, event.objectType, event.sourceId);
  const ids = await reader.findIds(object, externalIdField, held);
  if (ids.length === 0) {
    throw new PermanentError('NOT_IN_TARGET', `no ${target} ${object} has ${externalIdField} = ${held}; set it on the record that should receive ${event.source}'s updates, then retry`);
  }
  if (ids.length > 1) throw new IdentityConflict('MULTIPLE_MATCHES', `${ids.length} ${target} ${object} records have ${externalIdField} = ${held}`, ids.map((id) => `record:${target}:${object}:${id}`));
  return update(writer, object, ids[0]!, fields);
}

function pick(values: FieldValues, names: readonly string[]): FieldValues {
  return Object.fromEntries(names.map((n) => [n, values[n] ?? null]));
}

async function update(writer: CrmWriter, object: string, id: string, fields: FieldValues): Promise<UpsertResult> {
  const [result] = writer.update ? await writer.update(object, [{ id, fields }]) : [];
  if (!result) throw new RetryableError(`no result updating ${object} ${id}`);
  return result;
}

/**
 * A record the target has not been linked to: upserted by the source's external id, after the target's required
 * fields are checked (else the change fails permanently, with the reason). Where the sync may not create records,
 * the target's record holding the source's id is updated, and a target without one is a reason to quarantine.
 */
async function create(deps: WriteDeps, input: WriteInput, writer: CrmWriter, object: string, fields: FieldValues): Promise<UpsertResult> {
  const { event, mapping, target, state } = input;
  const externalIdField = mapping.systems[target]?.externalIds[event.source];
  if (!externalIdField) throw new PermanentError('NO_EXTERNAL_ID', `${target} has no field holding the ${event.source} id`);
  const sync = deps.plan.syncs.find((s) => s.object === state.object && s.from === event.source && s.to === target);
  if (sync?.create === false) return updateExisting(deps, input, writer, object, externalIdField, fields);
  const missing = missingRequired(mapping, target, goldenValues(state.golden));
  if (missing.length > 0) throw new PermanentError('REQUIRED_FIELD_MISSING', `${target} requires ${missing.join(', ')}`);
  const nonBlank = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null));
  const [result] = await writer.upsert(object, externalIdField, [{ externalId: heldIdOf(mapping, event.source, event.objectType, event.sourceId), fields: nonBlank }]);
  if (!result) throw new RetryableError(`no result creating ${object} for ${state.entityId}`);
  return result;
}
