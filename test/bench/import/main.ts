/** `npm run bench:import`: the CRM import benchmark alone (see bench.ts for its settings). */
import { importBench, writeImportResults } from './bench.ts';

const bench = await importBench((line) => console.log(line));
console.log(`\n${writeImportResults(bench)}\n\nwrote bench-results/import.json and bench-results/import.txt`);
process.exit(bench.runs.every((r) => r.goals.every((g) => g.pass)) ? 0 : 1);
