import { Stack, Validations } from 'aws-cdk-lib';
import type { IGrantable } from 'aws-cdk-lib/aws-iam';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/** Connector names are also secret names and construct ids. */
const CONNECTOR_NAME = /^[a-z][a-z0-9-]*$/;

/** The Secrets Manager name of a connector's secret; the local runner maps its secrets file by this name. */
export function connectorSecretName(connector: string): string {
  return `syncline/${connector}`;
}

/** Properties of {@link ConnectorSecrets}. */
export interface ConnectorSecretsProps {
  /** The enabled connectors, one secret each, and any secret a connector keeps apart (`gong-api`). */
  readonly connectors: readonly string[];
}

/**
 * One Secrets Manager secret per enabled connector, named `syncline/<connector>`, created with a generated
 * placeholder (a JSON object) that the operator replaces with the vendor's credentials after the first deploy.
 * Grants are per connector, so each function reads only the secrets it is given.
 */
export class ConnectorSecrets extends Construct {
  private readonly secrets = new Map<string, Secret>();

  constructor(scope: Construct, id: string, props: ConnectorSecretsProps) {
    super(scope, id);
    for (const connector of props.connectors) {
      if (!CONNECTOR_NAME.test(connector)) {
        throw new Error(`connector name "${connector}" is not allowed; use lower-case letters, digits and hyphens, starting with a letter`);
      }
      if (this.secrets.has(connector)) throw new Error(`connector "${connector}" is listed twice; list each connector once`);
      const secret = new Secret(this, connector, {
        secretName: connectorSecretName(connector),
        description: `Syncline: ${connector} credentials (JSON object); replace the placeholder after the first deploy`,
        generateSecretString: {
          secretStringTemplate: JSON.stringify({ note: `replace with the ${connector} credentials` }),
          generateStringKey: 'placeholder',
          excludePunctuation: true,
        },
      });
      Validations.of(secret).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason: `vendor OAuth client secrets and tokens are rotated with the vendor (${connector}), not by a Secrets Manager rotation Lambda; the handlers accept current and previous values during a rotation`,
      });
      this.secrets.set(connector, secret);
    }
  }

  /** The secret of one connector; fails at synth if the connector is not enabled. */
  secretOf(connector: string): Secret {
    const secret = this.secrets.get(connector);
    if (!secret) {
      throw new Error(`connector "${connector}" has no secret; enable it in syncline.yaml (enabled connectors: ${[...this.secrets.keys()].join(', ') || 'none'})`);
    }
    return secret;
  }

  /** Lets `grantee` read the secrets of exactly these connectors. */
  grantRead(grantee: IGrantable, connectors: readonly string[]): void {
    for (const connector of connectors) this.secretOf(connector).grantRead(grantee);
  }

  /**
   * The `CONNECTOR_SECRETS` value for a function: JSON `{ "<connector>": "<secret ARN>" }` for these connectors, each
   * with its own secret or the one `secretFor` names (a full read's `gong-api`).
   */
  secretIdsJson(connectors: readonly string[], secretFor: (connector: string) => string = (c) => c): string {
    return Stack.of(this).toJsonString(Object.fromEntries(connectors.map((c) => [c, this.secretOf(secretFor(c)).secretArn])));
  }
}
