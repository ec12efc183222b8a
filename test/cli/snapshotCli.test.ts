import { spawnSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../lib/cli/main.js';
import { renderBar, renderProgressBar } from '../../lib/cli/progressBar.js';
import { terminalSegments } from './support/forklessProcess.js';

const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));
const bin = join(repositoryRoot, 'bin', 'forkless.js');

let directory: string;
beforeAll(async () => (directory = await mkdtemp(join(tmpdir(), 'forkless-cli-'))));
afterAll(() => rm(directory, { recursive: true, force: true }));

/** Runs the real executable with plain node, as `npx forkless` does. */
function forkless(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd: repositoryRoot, encoding: 'utf8' });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('forkless snapshot CLI (spawned)', () => {
  it('save, inspect, verify and load a generated dataset', () => {
    const path = join(directory, 'dump.fkl');
    const save = forkless('snapshot', 'save', path, '--keys', '2000', '--value-bytes', '50', '--history-id', 'cli-test');
    expect(save.status).toBe(0);
    expect(save.stdout).toMatch(/^saved 2000 keys, .* MB to .*dump\.fkl/);
    expect(save.stderr).toBe(''); // not a TTY: no progress bar

    const inspect = forkless('snapshot', 'inspect', path);
    expect(inspect.status).toBe(0);
    expect(inspect.stdout).toContain('history id  cli-test');
    expect(inspect.stdout).toContain('offset      2000');
    expect(inspect.stdout).toContain('keys        2000 (0 with an expiry)');
    expect(inspect.stdout).toContain('db 0: string 1800, hash 17, list 16, set 17, zset 17');
    expect(inspect.stdout).toMatch(/checksum {4}ok \(crc32 [0-9a-f]{8}\)/);
    expect(inspect.stdout).toContain('status      valid');

    const json = JSON.parse(forkless('snapshot', 'inspect', path, '--json').stdout);
    expect(json).toMatchObject({ keys: 2000, valid: true, checksum: 'ok', header: { historyId: 'cli-test', offset: 2000, databases: 16 } });
    expect(json.databases['1']).toEqual({ string: 0, hash: 17, list: 17, set: 16, zset: 17 });

    expect(forkless('snapshot', 'verify', path)).toMatchObject({ status: 0, stdout: `OK ${path}: 2000 keys, checksum ok\n` });
    const load = forkless('snapshot', 'load', path);
    expect(load.status).toBe(0);
    expect(load.stdout).toMatch(/^loaded 2000 keys at offset 2000 in .* s; digest [0-9a-f]{16}-2000\n$/);
  });

  it('verify and inspect exit 1 on a corrupt file, naming the error code and byte offset', async () => {
    const path = join(directory, 'corrupt.fkl');
    forkless('snapshot', 'save', path, '--keys', '100');
    const bytes = await readFile(path);
    bytes[bytes.length - 1] ^= 0xff;
    await writeFile(path, bytes);
    const verify = forkless('snapshot', 'verify', path);
    expect(verify.status).toBe(1);
    expect(verify.stdout).toContain(`FORKLESS_ERR_SNAPSHOT_CHECKSUM: checksum mismatch`);
    expect(verify.stdout).toContain(`at byte ${bytes.length - 4}`);
    const inspect = forkless('snapshot', 'inspect', path);
    expect(inspect.status).toBe(1);
    expect(inspect.stdout).toContain('checksum    mismatch');
    const load = forkless('snapshot', 'load', path);
    expect(load.status).toBe(1);
    expect(load.stderr).toContain('forkless: FORKLESS_ERR_SNAPSHOT_CHECKSUM');
  });

  it('verify and load refuse an empty FIFO at once (exit 1, an I/O error) instead of blocking', () => {
    const fifo = join(directory, 'pipe.fkl');
    spawnSync('mkfifo', [fifo]);
    // The spawn timeout is only a hang guard: without the check, reading the FIFO blocks forever.
    const verify = spawnSync(process.execPath, [bin, 'snapshot', 'verify', fifo], { cwd: repositoryRoot, encoding: 'utf8', timeout: 30_000 });
    expect(verify.signal).toBeNull();
    expect(verify.status).toBe(1);
    expect(verify.stdout).toContain('FORKLESS_ERR_SNAPSHOT_IO: cannot read');
    expect(verify.stdout).toContain('not a regular file (a FIFO)');
    const load = forkless('snapshot', 'load', fifo);
    expect(load.status).toBe(1);
    expect(load.stderr).toContain('forkless: FORKLESS_ERR_SNAPSHOT_IO');
  });

  it('usage errors exit 2', () => {
    expect(forkless().status).toBe(2);
    expect(forkless('snapshot', 'frobnicate', 'x').status).toBe(2);
    expect(forkless('snapshot', 'save', join(directory, 'x.fkl'), '--keys', 'many').stderr).toContain('--keys must be a non-negative integer');
  });
});

describe('forkless snapshot CLI (in process)', () => {
  it('draws progress bars for generation and save on a TTY, each line within its width', async () => {
    for (const columns of [40, 80, 120]) {
      let errorText = '';
      let outputText = '';
      const output = {
        stdout: { write: (text: string) => (outputText += text) },
        stderr: { isTTY: true, columns, write: (text: string) => (errorText += text) },
      };
      const status = await runCli(['snapshot', 'save', join(directory, 'tty.fkl'), '--keys', '6000'], output, new AbortController().signal);
      expect(status).toBe(0);
      expect(errorText).toMatch(/\rgenerating \[#+\] 100%/);
      expect(errorText).toMatch(/\rsaving \[#+\] 100%/);
      expect(terminalSegments(errorText).every((line) => line.length < columns)).toBe(true);
      expect(outputText).toContain('saved 6000 keys');
    }
  });

  it('Ctrl-C during dataset generation stops it: exit 130, no file', async () => {
    let errorText = '';
    const controller = new AbortController();
    const output = {
      stdout: { write: () => true },
      stderr: { isTTY: true, write: (text: string) => ((errorText += text), text.includes('5000/') && controller.abort()) },
    };
    const path = join(directory, 'generation-cancelled.fkl');
    const status = await runCli(['snapshot', 'save', path, '--keys', '1000000'], output, controller.signal);
    expect(status).toBe(130);
    expect(errorText).toContain('generation cancelled; nothing saved');
    expect(errorText).not.toContain('10000/1000000');
    await expect(readFile(path)).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('Ctrl-C during the save exits 130 and removes the temporary file', async () => {
    let errorText = '';
    const controller = new AbortController();
    const output = {
      stdout: { write: () => true },
      stderr: { isTTY: true, write: (text: string) => ((errorText += text), text.includes('saving') && controller.abort()) },
    };
    const saveDirectory = await mkdtemp(join(directory, 'aborted-'));
    const status = await runCli(['snapshot', 'save', join(saveDirectory, 'aborted.fkl'), '--keys', '20000'], output, controller.signal);
    expect(status).toBe(130);
    expect(errorText).toContain('save cancelled; temporary file removed');
    expect(await readdir(saveDirectory)).toEqual([]);
  });

  it('renders partial progress with an estimate, dropping details that do not fit', () => {
    const progress = { state: 'running', path: 'p', keysWritten: 250, keysTotal: 1000, bytesWritten: 2_500_000, elapsedMs: 1000, estimatedRemainingMs: 3000 } as const;
    expect(renderProgressBar(progress, 100)).toBe('saving [########......................]  25%  250/1000 keys  2.5 MB  1.0 s  ~3.0 s left');
    expect(renderProgressBar(progress, 80)).toBe('saving [######................]  25%  250/1000 keys  2.5 MB  1.0 s  ~3.0 s left');
    expect(renderProgressBar(progress, 60)).toBe('saving [####...........]  25%  250/1000 keys  2.5 MB  1.0 s');
    expect(renderProgressBar(progress, 30)).toBe('saving [####...........]  25%');
    for (let columns = 2; columns <= 200; columns++) {
      for (const fraction of [0, 0.333, 1]) expect(renderBar(fraction, 'label', ['a detail', 'another detail'], columns).length).toBeLessThan(columns);
    }
  });
});
