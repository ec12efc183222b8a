#!/usr/bin/env node
// Entry point of the `forkless` command. The project runs its TypeScript sources directly, so this
// registers tsx (a dependency in node_modules) and imports the CLI from lib/cli/main.ts.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../lib/cli/main.ts');
const controller = new AbortController();
// First Ctrl-C cancels a running save cleanly (temporary file removed); a second one kills.
process.once('SIGINT', () => controller.abort());
process.exitCode = await runCli(process.argv.slice(2), process, controller.signal);
