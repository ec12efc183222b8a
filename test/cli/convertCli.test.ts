import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../lib/cli/main.js';
import { loadSnapshot } from '../../lib/snapshot/loadSnapshot.js';
import { detectSnapshotFormat } from '../../lib/snapshot/detectSnapshotFormat.js';
import { checkRdb } from '../rdb/support/rdbFixtures.js';

let directory: string;
beforeAll(async () => (directory = await mkdtemp(join(tmpdir(), 'forkless-cli-rdb-'))));
afterAll(() => rm(directory, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const output = { stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } };
  const status = await runCli(args, output, new AbortController().signal);
  return { status, stdout, stderr };
}

describe('forkless snapshot save --format rdb and snapshot convert', () => {
  it('saves an RDB that redis-check-rdb accepts, and converts it to .fkl and back with the same data', async () => {
    const rdb = join(directory, 'data.rdb');
    const save = await cli('snapshot', 'save', rdb, '--format', 'rdb', '--keys', '3000');
    expect(save).toMatchObject({ status: 0, stdout: expect.stringMatching(/^saved 3000 keys/) });
    expect(await detectSnapshotFormat(rdb)).toBe('rdb');
    await checkRdb(rdb);
    const digest = (await loadSnapshot(rdb)).digest();

    const fkl = join(directory, 'data.fkl');
    const toFkl = await cli('snapshot', 'convert', rdb, fkl);
    expect(toFkl.status).toBe(0);
    expect(toFkl.stdout).toMatch(/^converted 3000 keys from .*data\.rdb \(rdb\) to .*data\.fkl \(forkless, /);
    expect(await detectSnapshotFormat(fkl)).toBe('forkless');
    expect((await loadSnapshot(fkl)).digest()).toBe(digest);

    const back = join(directory, 'back.snapshot');
    expect((await cli('snapshot', 'convert', fkl, back, '--format', 'rdb')).status).toBe(0);
    await checkRdb(back);
    expect((await loadSnapshot(back)).digest()).toBe(digest);
    expect((await cli('snapshot', 'load', back)).stdout).toMatch(/^loaded 3000 keys at offset 3000/);
  });

  it('a save to a .rdb name writes RDB without --format', async () => {
    const path = join(directory, 'by-extension.rdb');
    expect((await cli('snapshot', 'save', path, '--keys', '10')).status).toBe(0);
    expect(await detectSnapshotFormat(path)).toBe('rdb');
  });

  it('usage errors: unknown format, convert without output or with an undecidable one', async () => {
    expect(await cli('snapshot', 'save', join(directory, 'x'), '--format', 'json')).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('--format must be rdb or forkless'),
    });
    expect((await cli('snapshot', 'convert', join(directory, 'data.rdb'))).status).toBe(2);
    expect(await cli('snapshot', 'convert', join(directory, 'data.rdb'), join(directory, 'out.bin'))).toMatchObject({
      status: 2,
      stderr: expect.stringContaining('cannot tell the output format'),
    });
  });

  it('a missing input fails with FORKLESS_ERR_SNAPSHOT_IO (exit 1)', async () => {
    const result = await cli('snapshot', 'convert', join(directory, 'missing.rdb'), join(directory, 'out.fkl'));
    expect(result).toMatchObject({ status: 1, stderr: expect.stringContaining('FORKLESS_ERR_SNAPSHOT_IO') });
  });
});
