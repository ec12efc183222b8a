import { readFileSync } from 'node:fs';

/**
 * The package's version, read from its package.json (two levels up from both `lib/cli/` and the
 * compiled `dist/cli/`).
 *
 * @example
 * ```ts
 * console.log(`forkless ${packageVersion()}`); // forkless 0.1.0
 * ```
 */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return manifest.version;
}
