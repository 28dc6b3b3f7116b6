import type { Contract, FieldMapping, FieldSpec, MatchRuleSpec, MatchSpec, ObjectSpec, SystemBinding } from './contract-schema.ts';
import { activeSyncs } from './load-contract.ts';

const ARROWS: Record<FieldMapping['direction'], string> = { both: '↔', out: '→ read', in: '← written', none: '—' };

function cell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

function policyOf(field: FieldSpec): string {
  return field.policy ?? (field.critical ? 'review' : 'owner');
}

/** `Email ↔`, or one line per object where objects differ (`Lead: Company ↔`). */
function mappingCell(field: FieldSpec, system: string): string {
  const entries = Object.entries(field.map).filter(([key]) => key === system || key.startsWith(`${system}.`));
  return entries
    .map(([key, m]) => {
      const object = key.includes('.') ? `${key.split('.')[1]}: ` : '';
      const transforms = m.transform.length > 0 ? ` (${m.transform.join(', ')})` : '';
      return `${object}\`${m.field}\` ${ARROWS[m.direction]}${transforms}`;
    })
    .join('<br>');
}

function bindingLine(system: string, b: SystemBinding): string {
  const parts = [`objects ${b.objects.join(', ')}`];
  if (b.objects.length > 1 || b.createAs) parts.push(`creates ${b.createAs ?? b.objects[0]}`);
  const ids = Object.entries(b.externalIds).map(([other, f]) => (f === 'Id' ? `${other} names the record by its own Id` : `\`${f}\` holds the ${other} id`));
  if (ids.length > 0) parts.push(ids.join(', '));
  if (b.required.length > 0) parts.push(`requires ${b.required.join(', ')}`);
  if (b.softDeleteField) parts.push(`soft delete: \`${b.softDeleteField}\``);
  if (b.typedIds) parts.push('ids held with their object (`call:7001`)');
  return `- **${system}**: ${parts.join('; ')}`;
}

function picklists(object: ObjectSpec): string[] {
  return Object.entries(object.fields)
    .filter(([, f]) => f.values)
    .flatMap(([name, f]) => {
      const values = Object.entries(f.values ?? {}).map(([canonical, aliases]) => {
        const spelled = Object.entries(f.map).flatMap(([key, m]) => (m.values?.[canonical] ? [`${key}: \`${m.values[canonical]}\``] : []));
        const also = [...aliases.map((a) => `"${a}"`), ...spelled];
        return `${canonical}${also.length > 0 ? ` (${also.join(', ')})` : ''}`;
      });
      return [`- \`${name}\`: ${values.join('; ')}`];
    });
}

const TIER_OF: Record<MatchRuleSpec['kind'], number> = { exact: 1, 'external-id': 2, fuzzy: 3, probabilistic: 3 };

/** One row per match rule: tier, rule, what it compares and how strictly, what brings candidates together. */
function matchRows(rule: MatchRuleSpec): string[] {
  if (rule.kind === 'exact') return [String(TIER_OF.exact), `\`${rule.name}\``, `${rule.field}: exact key`, '= 1', rule.field, ' '];
  if (rule.kind === 'external-id') return [String(TIER_OF['external-id']), `\`${rule.name}\``, 'link to another system\'s record', '= 1', 'link', ' '];
  if (rule.kind === 'probabilistic') {
    const compared = `person model (${rule.model ?? 'shipped'}): e-mail, names, suffix, phone, company, domain, weighed`;
    return [String(TIER_OF.probabilistic), `\`${rule.name}\``, compared, `match p ≥ ${rule.match}<br>review p ≥ ${rule.review}`, rule.blocking.map((k) => k.join(' + ')).join('<br>'), ' '];
  }
  const fields = rule.fields.map((f) => `${f.field}: ${f.comparator} ≥ ${f.threshold}${f.weight === 0 ? ' (gate)' : ''}${f.whenMissing === 'skip' ? ' (if both have one)' : ''}`);
  return [String(TIER_OF.fuzzy), `\`${rule.name}\``, fields.join('<br>'), `mean ≥ ${rule.threshold}`, rule.blocking.map((k) => k.join(' + ')).join('<br>'), rule.vetoes.join('<br>') || ' '];
}

function matchSection(match: MatchSpec): string[] {
  return [
    `Match rules (tried in order, the first that matches decides; candidates within ${match.margin} of each other at one tier go to review):`,
    '',
    '| tier | rule | fields and comparators | threshold | blocking | vetoes |',
    '| --- | --- | --- | --- | --- | --- |',
    ...match.rules.map((rule) => `| ${matchRows(rule).map(cell).join(' | ')} |`),
    '',
  ];
}

function objectSection(name: string, object: ObjectSpec): string[] {
  const systems = Object.keys(object.systems);
  const header = ['field', 'type', 'owner', 'policy', ...systems];
  const rows = Object.entries(object.fields).map(([fieldName, f]) =>
    [`\`${fieldName}\``, f.type, f.owner, policyOf(f), ...systems.map((s) => mappingCell(f, s))].map((c) => cell(c || ' ')),
  );
  const lists = picklists(object);
  const notes = Object.entries(object.fields).flatMap(([fieldName, f]) => (f.description ? [`- \`${fieldName}\`: ${f.description}`] : []));
  return [
    `## ${name}`,
    '',
    ...(object.description ? [object.description, ''] : []),
    ...Object.entries(object.systems).map(([s, b]) => bindingLine(s, b as SystemBinding)),
    '',
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
    '',
    ...(lists.length > 0 ? ['Picklist values (canonical, then the spellings that map to it):', '', ...lists, ''] : []),
    ...(notes.length > 0 ? ['Notes:', '', ...notes, ''] : []),
    ...(object.match ? matchSection(object.match) : []),
  ];
}

/**
 * The contract as a data dictionary in markdown: per object, each field's owner, policy, type, and name and
 * direction in every system; picklist values; which syncs run. Generated, so the mapping document cannot drift
 * from what runs.
 */
export function renderDataDictionary(contract: Contract): string {
  const active = new Set(activeSyncs(contract));
  const lines = [
    '# Data dictionary',
    '',
    '<!-- Generated from syncline.yaml by `npm run syncline -- docs`; CI fails when it is out of date. Do not edit by hand. -->',
    '',
    'Directions are relative to each system: ↔ read and written, → read from it only, ← written to it only.',
    'Policies: **owner**, the system of record wins; **newest**, the latest observation wins; **review**, a conflicting change from another system waits for a person.',
    '',
    '## Connectors and syncs',
    '',
    '| object | from | to | creates records | runs |',
    '| --- | --- | --- | --- | --- |',
    ...contract.syncs.map((s) => `| ${s.object} | ${s.from} | ${s.to} | ${s.create ? 'yes' : 'no, updates only'} | ${active.has(s) ? 'yes' : `no (${[s.from, s.to].filter((c) => !contract.connectors[c]?.enabled).join(', ')} disabled)`} |`),
    '',
    ...Object.entries(contract.objects).flatMap(([name, object]) => objectSection(name, object)),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}
