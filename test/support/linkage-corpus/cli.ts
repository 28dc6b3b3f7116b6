/**
 * Writes the linkage corpus as a CRM export CSV with its ground truth, through the dedupe corpus' CSV writer:
 *
 *   npx tsx test/support/linkage-corpus/cli.ts --records 100000 --seed 42 --out /tmp/x.csv \
 *     [--style salesforce|hubspot] [--truth /tmp/truth.csv] [--debug] [--stats]
 *
 * `--debug` adds the diagnostic columns (the hard-negative kind column shows this corpus' kinds); `--stats` prints
 * timing, peak RSS and counts per variation class and hard-negative kind as JSON on stderr.
 */
import { createWriteStream } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { writeCorpusCsv } from '#test/support/dedupe-corpus/cli';
import { NEGATIVE_KINDS, generateLinkageCorpus, type LinkageRecord, type LinkageStyle } from '#test/support/linkage-corpus/generate';
import { VARIATION_NAMES } from '#test/support/linkage-corpus/variations';

const USAGE = 'usage: cli.ts --records <n> --seed <integer> --out <file.csv> [--style salesforce|hubspot] [--truth <file.csv>] [--debug] [--stats]';

/** Counts a corpus as it streams past; holds only the ids of hard-negative groups. */
export class LinkageTally {
  records = 0;
  duplicates = 0;
  readonly variations = Object.fromEntries(VARIATION_NAMES.map((n) => [n, 0])) as Record<string, number>;
  readonly #groups = new Map<string, string>();

  add(record: LinkageRecord): void {
    this.records++;
    if (record.originalId !== undefined) {
      this.duplicates++;
      for (const v of record.variations) this.variations[v] = (this.variations[v] ?? 0) + 1;
    }
    if (record.negativeKind && record.hardNegative) this.#groups.set(record.hardNegative.group, record.negativeKind);
  }

  stats() {
    const groups = Object.fromEntries(NEGATIVE_KINDS.map((k) => [k, 0])) as Record<string, number>;
    for (const kind of this.#groups.values()) groups[kind] = (groups[kind] ?? 0) + 1;
    const rates = Object.fromEntries(Object.entries(this.variations).map(([k, n]) => [k, Number((n / Math.max(1, this.duplicates)).toFixed(4))]));
    return { records: this.records, duplicates: this.duplicates, variationRates: rates, hardNegativeGroups: groups };
  }
}

async function main(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      records: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' }, style: { type: 'string', default: 'salesforce' },
      truth: { type: 'string' }, debug: { type: 'boolean', default: false }, stats: { type: 'boolean', default: false },
    },
  });
  const problems: string[] = [];
  if (!/^\d+$/.test(values.records ?? '')) problems.push(`--records: expected a whole number, received ${values.records ?? 'nothing'}`);
  if (!/^-?\d+$/.test(values.seed ?? '')) problems.push(`--seed: expected an integer, received ${values.seed ?? 'nothing'}`);
  if (!values.out) problems.push('--out: expected a file to write the CSV to');
  if (values.style !== 'salesforce' && values.style !== 'hubspot') problems.push(`--style: expected salesforce or hubspot, received ${values.style}`);
  if (problems.length > 0) {
    process.stderr.write(`${problems.join('\n')}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const style = values.style as LinkageStyle;
  const started = performance.now();
  const tally = new LinkageTally();
  const result = await writeCorpusCsv(generateLinkageCorpus({ records: Number(values.records), seed: Number(values.seed), style }), createWriteStream(values.out ?? ''), {
    format: style,
    debug: values.debug,
    ...(values.truth ? { truth: createWriteStream(values.truth) } : {}),
    ...(values.stats ? { onRecord: (r) => tally.add(r as LinkageRecord) } : {}),
  });
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(`wrote ${result.records} records (${(result.bytes / 1e6).toFixed(1)} MB) to ${values.out} in ${seconds.toFixed(1)} s\n`);
  if (!values.stats) return;
  // resourceUsage().maxRSS is in kilobytes (getrusage ru_maxrss on Linux).
  const report = { seconds: Number(seconds.toFixed(2)), peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024), ...tally.stats() };
  process.stderr.write(`${JSON.stringify(report, null, 2)}\n`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  });
}
