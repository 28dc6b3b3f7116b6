import { buildApp, type BuildAppOptions, type MessageSpyReader } from 'fauxqs';

type Stores = NonNullable<BuildAppOptions['stores']>;

/** The parts of fauxqs's own SQLite persistence that starting a server uses (fauxqs dist/persistence.js). */
interface FauxqsPersistence {
  load(sqs: Stores['sqsStore'], sns: Stores['snsStore'], s3: Stores['s3Store']): void;
  close(): void;
}

/** The fauxqs classes `startFauxqs` wires together; its package exports only `buildApp` and `startFauxqs`. */
interface FauxqsParts {
  SqsStore: new () => Stores['sqsStore'];
  SnsStore: new () => Stores['snsStore'];
  S3Store: new () => Stores['s3Store'];
  MessageSpy: new (params: { bufferSize: number }) => MessageSpyReader;
  PersistenceManager: new (dataDir: string) => FauxqsPersistence;
}

/** Loads fauxqs's store, spy and persistence classes from beside its entry point. */
async function fauxqsParts(): Promise<FauxqsParts> {
  const at = (file: string) => new URL(file, import.meta.resolve('fauxqs')).href;
  const [sqs, sns, s3, spy, persistence] = await Promise.all(['./sqs/sqsStore.js', './sns/snsStore.js', './s3/s3Store.js', './spy.js', './persistence.js'].map((f) => import(at(f)) as Promise<Record<string, unknown>>));
  const parts = { SqsStore: sqs?.['SqsStore'], SnsStore: sns?.['SnsStore'], S3Store: s3?.['S3Store'], MessageSpy: spy?.['MessageSpy'], PersistenceManager: persistence?.['PersistenceManager'] };
  const missing = Object.entries(parts).filter(([, value]) => typeof value !== 'function');
  if (missing.length > 0) throw new Error(`this fauxqs version has no ${missing.map(([name]) => name).join(', ')}; the local SQS expects fauxqs 2.4`);
  return parts as unknown as FauxqsParts;
}

export interface LocalSqsOptions {
  /** Keep queues and messages in this folder (fauxqs's SQLite file) instead of in memory. */
  dataDir?: string;
  /** How many send/consume/dead-letter events the spy keeps. */
  spyBufferSize: number;
}

export interface LocalSqs {
  endpoint: string;
  port: number;
  spy: MessageSpyReader;
  stop(): Promise<void>;
}

/**
 * fauxqs (SQS, with its own SNS and S3) listening on 127.0.0.1 only. fauxqs's `startFauxqs` always listens on
 * 0.0.0.0 whatever `host` says (that option only names the host in queue URLs), so this does what it does, in the
 * same order, with loopback as the listen address: stores loaded from the data folder before persistence is wired
 * into them, the message spy, then `buildApp`.
 */
export async function startLocalSqs(options: LocalSqsOptions): Promise<LocalSqs> {
  const { SqsStore, SnsStore, S3Store, MessageSpy, PersistenceManager } = await fauxqsParts();
  const stores: Stores = { sqsStore: new SqsStore(), snsStore: new SnsStore(), s3Store: new S3Store() };
  const persistence = options.dataDir ? new PersistenceManager(options.dataDir) : undefined;
  // Loaded before persistence is attached, so loading does not write every row back (fauxqs's own order).
  persistence?.load(stores.sqsStore, stores.snsStore, stores.s3Store);
  if (persistence) {
    stores.sqsStore.persistence = persistence as never;
    stores.snsStore.persistence = persistence as never;
    stores.s3Store.persistence = persistence as never;
    for (const queue of stores.sqsStore.allQueues()) queue.persistence = persistence as never;
  }
  const spy = new MessageSpy({ bufferSize: options.spyBufferSize });
  stores.sqsStore.spy = spy as never;
  stores.snsStore.spy = spy as never;
  stores.s3Store.spy = spy as never;
  // Queue URLs name 127.0.0.1 itself, so any SQS client reaches a queue by its URL alone (as fauxqs's `host` option does).
  const app = buildApp({ logger: false, host: '127.0.0.1', stores });
  if (persistence) app.addHook('preClose', () => persistence.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { endpoint: `http://127.0.0.1:${port}`, port, spy, stop: () => app.close() };
}
