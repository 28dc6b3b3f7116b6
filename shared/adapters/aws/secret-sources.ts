import { readFile } from 'node:fs/promises';
import { getSecret } from '@aws-lambda-powertools/parameters/secrets';
import type { SecretSource } from '#ports/secret-source';

/** Secrets are cached this long, so a rotation takes effect within 5 minutes without a redeploy. */
const CACHE_SECONDS = 300;

function ensureObject(connector: string, value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`the secret of connector ${connector} is not a JSON object`);
  return value as Record<string, unknown>;
}

function secretIdOf(secretIds: Readonly<Record<string, string>>, connector: string): string {
  const id = secretIds[connector];
  if (!id) throw new Error(`this function has no access to the ${connector} secret`);
  return id;
}

/** Secrets Manager through Powertools Parameters (cached, JSON-decoded). Each function knows only its own secret ids. */
export function secretsManagerSource(secretIds: Readonly<Record<string, string>>): SecretSource {
  return {
    async get(connector, options) {
      return ensureObject(connector, await getSecret(secretIdOf(secretIds, connector), { transform: 'json', maxAge: CACHE_SECONDS, forceFetch: options?.fresh === true }));
    },
  };
}

/** Local mode: the same secret ids, looked up in a JSON file (`{ "<secret id>": { ... } }`). Re-read on each call so edits apply at once. */
export function localFileSecretSource(file: string, secretIds: Readonly<Record<string, string>>): SecretSource {
  return {
    async get(connector) {
      const all = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
      return ensureObject(connector, all[secretIdOf(secretIds, connector)]);
    },
  };
}
