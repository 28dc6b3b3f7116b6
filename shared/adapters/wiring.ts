import type { SecretSource } from '#ports/secret-source';
import { localFileSecretSource, secretsManagerSource } from './aws/secret-sources.ts';

/** Secrets Manager in AWS; the local secrets file when `SYNCLINE_SECRETS_FILE` is set (local mode). */
export function secretSourceFor(secretIds: Record<string, string>, secretsFile: string | undefined): SecretSource {
  return secretsFile ? localFileSecretSource(secretsFile, secretIds) : secretsManagerSource(secretIds);
}

/** Memoizes an async factory (dependencies are built once per cold start); a failed attempt is forgotten so the next invocation tries again. */
export function once<T>(factory: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= factory().catch((error: unknown) => {
      pending = undefined;
      throw error;
    });
    return pending;
  };
}
