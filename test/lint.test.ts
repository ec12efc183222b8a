import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const TREES = ['lib', 'test', 'demo'];

function run(script: string, args: readonly string[]) {
  return spawnSync(process.execPath, [script, ...args], { encoding: 'utf8' });
}

describe('code style', () => {
  it('eslint (typescript-eslint, import-x/no-cycle) reports nothing over lib, test and demo', () => {
    const result = run('node_modules/eslint/bin/eslint.js', ['--max-warnings', '0', ...TREES]);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 180_000);

  it('prettier finds every file of lib, test and demo formatted', () => {
    const result = run('node_modules/prettier/bin/prettier.cjs', ['--check', '--log-level', 'warn', ...TREES]);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 120_000);
});
