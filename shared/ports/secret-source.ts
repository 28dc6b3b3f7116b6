/** Port: a connector's credentials (JSON), from Secrets Manager in AWS or a local file on one machine. */
export interface SecretSource {
  get(connector: string): Promise<Record<string, unknown>>;
}
