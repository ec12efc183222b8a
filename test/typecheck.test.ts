import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('types', () => {
  it('the whole project type-checks under strict settings (tsc --noEmit)', () => {
    const result = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '--noEmit', '-p', 'tsconfig.json'], { encoding: 'utf8' });
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  }, 120_000);
});
