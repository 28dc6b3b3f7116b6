/** Port: a connector's credentials (JSON), from Secrets Manager in AWS or a local file on one machine. */
export interface SecretSource {
  /** The connector's secret; cached briefly unless `fresh` asks for the stored value now (e.g. after a rotation). */
  get(connector: string, options?: { fresh?: boolean }): Promise<Record<string, unknown>>;
}
