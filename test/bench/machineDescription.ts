import { cpus, totalmem } from 'node:os';

/**
 * One line naming the machine a run measured: cores, CPU model, memory, Node version.
 *
 * @example
 * ```ts
 * machineDescription(); // '2 cores (AMD EPYC …), 24 GiB, Node v20.20.2, linux x64'
 * ```
 */
export function machineDescription(): string {
  const processors = cpus();
  const model = processors[0]?.model.trim() ?? 'unknown CPU';
  const memory = Math.round(totalmem() / 2 ** 30);
  return `${processors.length} cores (${model}), ${memory} GiB, Node ${process.version}, ${process.platform} ${process.arch}`;
}
