#!/usr/bin/env node
// Entry point of the `forkless` command. An installed package runs the compiled CLI in dist/ with
// plain node. A source checkout (lib/ next to bin/, never shipped) runs the TypeScript sources
// through tsx, a devDependency there, so `node bin/forkless.js` needs no build while developing.
import { existsSync } from 'node:fs';

const source = new URL('../lib/cli/main.ts', import.meta.url);
let cli;
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  cli = await import(source.href);
} else {
  cli = await import('../dist/cli/main.js');
}
const controller = new AbortController();
// The first Ctrl-C stops the running command cleanly (a save removes its temporary file, a
// follower closes); a second one kills the process.
process.once('SIGINT', () => controller.abort());
process.exitCode = await cli.runCli(process.argv.slice(2), process, controller.signal);
