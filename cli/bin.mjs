#!/usr/bin/env node
// `npx syncline <command>`: runs cli/syncline.ts in a Node process with tsx's loader, the way `npm run syncline`
// does. The loader goes on the command line (`--import`, https://nodejs.org/docs/latest-v22.x/api/cli.html#--importmodule)
// rather than registered in this process, so that what the CLI starts with process.execArgv (the dedupe's larger
// heap) loads TypeScript too. It is named by its resolved URL, so npx works from any folder of the project.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const loader = import.meta.resolve('tsx');
const entry = fileURLToPath(new URL('./syncline.ts', import.meta.url));
const child = spawn(process.execPath, ['--import', loader, entry, ...process.argv.slice(2)], { stdio: 'inherit' });

// Ctrl-C reaches the CLI itself (the terminal signals the whole process group); this one waits for it to end.
process.on('SIGINT', () => undefined);
process.on('SIGTERM', () => child.kill('SIGTERM'));
child.on('exit', (code, signal) => {
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  } else process.exit(code ?? 1);
});
