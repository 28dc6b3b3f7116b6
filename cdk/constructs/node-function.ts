import { isAbsolute, join, relative } from 'node:path';
import { Duration, Validations } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Architecture, type CfnFunction, Runtime } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE, METRICS_SERVICE } from '#ports/metrics';

/**
 * How the bundles treat names: minified, but classes and functions keep theirs. Error classes take their `name` from
 * the class (`new.target.name`); Lambda reports it as the error type, which the state machines' retriers match and
 * the logs show, so a minified `t` would slip past every retrier naming `VendorPaused`.
 */
export const BUNDLE_NAMES = { minify: true, keepNames: true } as const;

/** CloudFormation Metadata keys on each `AWS::Lambda::Function`; the local runner finds the handler's source by them. */
export const FunctionMetadata = {
  /** The entry file, relative to the project root: `functions/webhook.ts`. */
  Entry: 'syncline:entry',
  /** The exported handler name in that file: `handler`. */
  Handler: 'syncline:handler',
} as const;

/**
 * esbuild emits ESM; a few dependencies (jsforce, parts of the AWS SDK) still call `require`, which does not
 * exist in an ES module, so every bundle defines it first.
 */
const ESM_REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/** Lambda's hard limit on a function's timeout. */
const MAX_TIMEOUT_SECONDS = 900;

/** Properties of a {@link NodeFunction}. */
export interface NodeFunctionProps {
  /** Absolute path of the repository root (holds package.json and package-lock.json). */
  readonly projectRoot: string;
  /** The entry file, relative to `projectRoot`, e.g. `functions/process.ts`. */
  readonly entry: string;
  /** The exported handler. @default 'handler' */
  readonly handler?: string;
  /** @default Duration.seconds(10) */
  readonly timeout?: Duration;
  /** @default 256 */
  readonly memorySize?: number;
  readonly description?: string;
  /** Function-specific environment; the Powertools and source-map settings are added to it. */
  readonly environment?: Readonly<Record<string, string>>;
  /**
   * Files copied into the bundle after esbuild ran: key = path inside the bundle, value = absolute source path.
   * @default - none
   */
  readonly bundledFiles?: Readonly<Record<string, string>>;
  /** @default RetentionDays.ONE_MONTH */
  readonly logRetention?: RetentionDays;
}

/**
 * A Syncline Lambda function: Node 22 on arm64, one ESM bundle with every dependency and source maps, its own
 * log group with a retention, a role that may write only to that log group (no `AWSLambdaBasicExecutionRole`,
 * which would allow creating any log group), Powertools settings, and the `syncline:*` metadata the local
 * runner reads.
 */
export class NodeFunction extends Construct {
  /** The function; grant to it as to any `IFunction`. */
  readonly function: NodejsFunction;
  readonly logGroup: LogGroup;

  constructor(scope: Construct, id: string, props: NodeFunctionProps) {
    super(scope, id);
    const timeout = props.timeout ?? Duration.seconds(10);
    const memorySize = props.memorySize ?? 256;
    if (isAbsolute(props.entry) || props.entry.startsWith('..')) {
      throw new Error(`entry "${props.entry}" must be a path relative to the project root, like functions/process.ts`);
    }
    if (timeout.toSeconds() < 1 || timeout.toSeconds() > MAX_TIMEOUT_SECONDS) {
      throw new Error(`timeout ${timeout.toSeconds()} s is outside Lambda's range; use 1 to ${MAX_TIMEOUT_SECONDS} s`);
    }
    if (!Number.isInteger(memorySize) || memorySize < 128 || memorySize > 10_240) {
      throw new Error(`memory size ${memorySize} MB is outside Lambda's range; use an integer from 128 to 10240`);
    }

    this.logGroup = new LogGroup(this, 'Logs', { retention: props.logRetention ?? RetentionDays.ONE_MONTH });
    const role = new Role(this, 'Role', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    this.logGroup.grantWrite(role);

    const bundledFiles = Object.entries(props.bundledFiles ?? {});
    for (const [target] of bundledFiles) {
      if (isAbsolute(target) || target.split(/[\\/]/).includes('..')) {
        throw new Error(`bundled file "${target}" must stay inside the bundle; use a relative path like syncline.yaml`);
      }
    }

    this.function = new NodejsFunction(this, 'Function', {
      entry: join(props.projectRoot, props.entry),
      handler: props.handler ?? 'handler',
      projectRoot: props.projectRoot,
      depsLockFilePath: join(props.projectRoot, 'package-lock.json'),
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      timeout,
      memorySize,
      description: props.description,
      role,
      logGroup: this.logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: METRICS_SERVICE,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        mainFields: ['module', 'main'],
        banner: ESM_REQUIRE_BANNER,
        target: 'node22',
        // Everything is bundled, the AWS SDK included: the code that runs is the code that was tested.
        externalModules: [],
        ...BUNDLE_NAMES,
        sourceMap: true,
        // Stack traces need file and line only; leaving the sources out halves the map (the code is in git).
        sourcesContent: false,
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (inputDir: string, outputDir: string) =>
            bundledFiles.map(([target, source]) => `cp "${bundleSourcePath(props.projectRoot, inputDir, source)}" "${join(outputDir, target)}"`),
        },
      },
    });

    const cfn = this.function.node.defaultChild as CfnFunction;
    cfn.addMetadata(FunctionMetadata.Entry, props.entry.split('\\').join('/'));
    cfn.addMetadata(FunctionMetadata.Handler, props.handler ?? 'handler');
    Validations.of(this.function).acknowledge({
      id: 'AwsSolutions-L1',
      reason: 'pinned to Node.js 22, the runtime package.json engines and the tests target (jsforce and the vendor SDKs are verified on it); move runtimes deliberately, not on each cdk-lib upgrade',
    });
  }
}

/** A file inside the project is addressed through the bundler's input dir (which differs under Docker); others by absolute path. */
function bundleSourcePath(projectRoot: string, inputDir: string, source: string): string {
  const inside = relative(projectRoot, source);
  return inside.startsWith('..') || isAbsolute(inside) ? source : join(inputDir, inside);
}
