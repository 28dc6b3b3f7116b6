import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { ContractError, loadContract } from '#config/load-contract';
import { PROJECT_ROOT, SynclineStack } from './syncline-stack.ts';

/** The CloudFormation stack name. */
export const STACK_NAME = 'Syncline';

/** Options of {@link buildApp}. */
export interface BuildAppOptions {
  /** The contract file; relative paths resolve against the working directory. @default context `contract`, else `syncline.yaml` in the repository root */
  readonly contractFile?: string;
  /** Bundle the functions with esbuild. Off in template tests, which need no code. @default true */
  readonly bundling?: boolean;
  /** Where the cloud assembly goes. @default the CLI's output dir, else a temporary directory */
  readonly outdir?: string;
}

/** The result of {@link buildApp}; call `app.synth()` to get the cloud assembly. */
export interface BuiltApp {
  readonly app: App;
  readonly stack: SynclineStack;
}

/**
 * The `context` of cdk.json (feature flags). The CLI passes it to a child process itself; an app built in-process
 * (tests, the local runner) reads it here, so both synthesize the same template.
 */
function cdkJsonContext(): Record<string, unknown> {
  const file = join(PROJECT_ROOT, 'cdk.json');
  if (!existsSync(file)) return {};
  const parsed = JSON.parse(readFileSync(file, 'utf8')) as { context?: Record<string, unknown> };
  return parsed.context ?? {};
}

/**
 * Builds the Syncline app: validates the contract (throws {@link ContractError} listing every problem), creates
 * the `Syncline` stack and registers cdk-nag's AwsSolutions checks, which fail synthesis on an unacknowledged
 * finding.
 */
export function buildApp(options: BuildAppOptions = {}): BuiltApp {
  const app = new App({
    outdir: options.outdir,
    context: {
      ...cdkJsonContext(),
      // An empty list means "bundle no stack": NodejsFunction then uses a placeholder asset.
      ...(options.bundling === false ? { 'aws:cdk:bundling-stacks': [] } : {}),
    },
  });
  const fromContext: unknown = app.node.tryGetContext('contract');
  const contractFile = options.contractFile ?? (typeof fromContext === 'string' ? fromContext : undefined);
  const contractPath = contractFile ? resolve(contractFile) : join(PROJECT_ROOT, 'syncline.yaml');
  const contract = loadContract(contractPath);

  // Environment-agnostic on purpose: synth needs no AWS account or region, and the template is the same on every
  // machine, which the local runner relies on. `cdk deploy` fills in the target account and region.
  // `-c deletionProtection=false` for throw-away environments; the CLI passes context values as strings.
  const deletionProtection = String(app.node.tryGetContext('deletionProtection') ?? 'true') !== 'false';
  const stack = new SynclineStack(app, STACK_NAME, { stackName: STACK_NAME, contract, contractFile: contractPath, deletionProtection });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

function isMainModule(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMainModule()) {
  try {
    buildApp().app.synth();
  } catch (error) {
    if (!(error instanceof ContractError)) throw error;
    // The problem list is the whole message; a stack trace would only hide it.
    console.error(error.message);
    process.exitCode = 1;
  }
}
