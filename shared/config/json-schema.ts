import { z } from 'zod';
import { ContractSchema } from './contract-schema.ts';

/** The contract's JSON Schema, for editors (`# yaml-language-server: $schema=./syncline.schema.json`). */
export function contractJsonSchema(): string {
  const schema = z.toJSONSchema(ContractSchema, { io: 'input', target: 'draft-7' });
  return `${JSON.stringify({ ...schema, title: 'Syncline data contract (syncline.yaml)' }, null, 2)}\n`;
}
