import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint();

async function rulesBroken(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).map((m) => m.ruleId ?? m.message);
}

describe('the lint rule that keeps shared/domain pure', () => {
  it.each([
    ["import { DynamoDBClient } from '@aws-sdk/client-dynamodb';\nexport const c = DynamoDBClient;", 'no-restricted-imports'],
    ["import jsforce from 'jsforce';\nexport const j = jsforce;", 'no-restricted-imports'],
    ["import { readFileSync } from 'node:fs';\nexport const r = readFileSync;", 'no-restricted-imports'],
    ["import { x } from '#adapters/aws/x';\nexport const y = x;", 'no-restricted-imports'],
    ["export const region = process.env['AWS_REGION'];", 'no-restricted-globals'],
    ['export const now = Date.now();', 'no-restricted-syntax'],
    ['export const today = new Date();', 'no-restricted-syntax'],
  ])('rejects %s in shared/domain', async (code, rule) => {
    expect(await rulesBroken(code, 'shared/domain/example.ts')).toContain(rule);
  });

  it('allows the same code outside the domain, and pure code inside it', async () => {
    expect(await rulesBroken("export const region = process.env['AWS_REGION'];", 'shared/adapters/example.ts')).toEqual([]);
    expect(await rulesBroken("import { z } from 'zod';\nexport const at = (ms: number) => new Date(ms);\nexport const s = z.string();", 'shared/domain/example.ts')).toEqual([]);
  });
});
