import { readFileSync } from 'node:fs';

/** The parts of a synthesized CloudFormation template the local runner reads. */
export interface CfnResource {
  Type: string;
  Properties?: Record<string, unknown>;
  Metadata?: Record<string, unknown>;
  DependsOn?: string | string[];
}
export interface CfnTemplate {
  Resources: Record<string, CfnResource>;
}

/** How one resource resolves locally: its `Ref` value and its `Fn::GetAtt` attributes. */
export interface LocalResource {
  ref: string;
  attributes: Record<string, string>;
}

export const LOCAL_REGION = 'us-east-1';
export const LOCAL_ACCOUNT = '000000000000';

const PSEUDO: Record<string, string> = {
  'AWS::Region': LOCAL_REGION,
  'AWS::AccountId': LOCAL_ACCOUNT,
  'AWS::Partition': 'aws',
  'AWS::URLSuffix': 'amazonaws.com',
  'AWS::StackName': 'Syncline',
  'AWS::NoValue': '',
};

export function readTemplate(file: string): CfnTemplate {
  return JSON.parse(readFileSync(file, 'utf8')) as CfnTemplate;
}

export function resourcesOfType(template: CfnTemplate, type: string): [string, CfnResource][] {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}

/**
 * Resolves the intrinsic functions CDK emits in the properties we read (Ref, Fn::GetAtt, Fn::Join, Fn::Select,
 * Fn::Sub without a variable map). An unknown reference fails loudly: a silently wrong value would hide a bug.
 */
export function resolveValue(value: unknown, resources: ReadonlyMap<string, LocalResource>): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, resources));
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value);
  const [key, arg] = entries[0] ?? [];
  if (entries.length === 1 && key === 'Ref') return refOf(String(arg), resources);
  if (entries.length === 1 && key === 'Fn::GetAtt') {
    const [id, attribute] = arg as [string, string];
    const found = resources.get(id)?.attributes[attribute];
    if (found === undefined) throw new Error(`local runner cannot resolve Fn::GetAtt ${id}.${attribute}`);
    return found;
  }
  if (entries.length === 1 && key === 'Fn::Join') {
    const [separator, parts] = arg as [string, unknown[]];
    return parts.map((p) => String(resolveValue(p, resources))).join(separator);
  }
  if (entries.length === 1 && key === 'Fn::Select') {
    const [index, list] = arg as [number, unknown];
    return (resolveValue(list, resources) as unknown[])[Number(index)];
  }
  if (entries.length === 1 && key === 'Fn::Sub' && typeof arg === 'string') {
    return arg.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
      const [id, attribute] = name.split('.');
      return attribute ? String(resolveValue({ 'Fn::GetAtt': [id, attribute] }, resources)) : refOf(name, resources);
    });
  }
  return Object.fromEntries(entries.map(([k, v]) => [k, resolveValue(v, resources)]));
}

function refOf(id: string, resources: ReadonlyMap<string, LocalResource>): string {
  const pseudo = PSEUDO[id];
  if (pseudo !== undefined) return pseudo;
  const found = resources.get(id);
  if (!found) throw new Error(`local runner cannot resolve Ref ${id}`);
  return found.ref;
}
