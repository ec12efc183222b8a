import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const fixtures = fileURLToPath(new URL('fixtures/', import.meta.url));
const manifest = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as { name: string; version: string; devDependencies: Record<string, string> };
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
let directory: string;
let project: string;
let tarball: string;

function run(command: string, args: readonly string[], cwd: string): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
  if (result.error) throw result.error;
  return result;
}

function succeed(command: string, args: readonly string[], cwd: string): string {
  const result = run(command, args, cwd);
  expect(result.status, `${command} ${args.join(' ')}\n${result.stdout}\n${result.stderr}`).toBe(0);
  return result.stdout;
}

// One pack and one install, shared by every assertion below (as a user would: npm pack, then
// npm install ./forkless-x.y.z.tgz in an empty project).
beforeAll(async () => {
  directory = await mkdtemp(join(tmpdir(), 'forkless-pack-'));
  const packed = JSON.parse(succeed('npm', ['pack', '--json', '--pack-destination', directory], root)) as { filename: string; files: { path: string }[] }[];
  tarball = join(directory, packed[0]!.filename);
  project = join(directory, 'consumer');
  succeed('mkdir', [project], directory);
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  succeed('npm', ['install', tarball, `@types/node@${manifest.devDependencies['@types/node']}`, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], project);
  for (const file of ['smoke.mjs', 'require.cjs', 'consumer.ts']) await copyFile(join(fixtures, file), join(project, file));
}, 300_000);

afterAll(() => directory && rm(directory, { recursive: true, force: true }));

describe('the packed tarball, installed into a fresh project', () => {
  it('ships dist (JS, .d.ts, source maps), bin, README, LICENSE and CHANGELOG only', () => {
    const listing = succeed('tar', ['-tzf', tarball], directory)
      .trim()
      .split('\n')
      .map((entry) => entry.replace(/^package\//, ''));
    const topLevel = new Set(listing.map((entry) => entry.split('/')[0]));
    expect([...topLevel].sort()).toEqual(['CHANGELOG.md', 'LICENSE', 'README.md', 'bin', 'dist', 'package.json']);
    for (const file of ['dist/index.js', 'dist/index.d.ts', 'dist/index.js.map', 'dist/internals.js', 'dist/internals.d.ts', 'dist/cli/main.js', 'bin/forkless.js'])
      expect(listing).toContain(file);
    expect(listing.filter((entry) => entry.endsWith('.ts') && !entry.endsWith('.d.ts'))).toEqual([]);
  });

  it('runs with plain node: save and load a snapshot, a leader and a follower (ESM)', async () => {
    const output = succeed(process.execPath, ['smoke.mjs', join(project, 'smoke.fkl')], project);
    expect(JSON.parse(output)).toEqual({
      saved: 'done',
      keysWritten: 3,
      loadedMatches: true,
      loadedGreeting: 'hello',
      followerMatches: true,
      followerAfterSync: 'yes',
      decoder: 'function',
    });
    // rxjs is a peer: one copy, the application's, shared with forkless.
    expect(existsSync(join(project, 'node_modules', 'rxjs'))).toBe(true);
    expect(existsSync(join(project, 'node_modules', 'forkless', 'node_modules', 'rxjs'))).toBe(false);
    expect(existsSync(join(project, 'node_modules', 'tsx'))).toBe(false);
  });

  it('loads through require() as well (the default export condition)', () => {
    expect(succeed(process.execPath, ['require.cjs'], project)).toBe('from-require\n');
  });

  it.each(['nodenext', 'bundler'])('its types compile in a strict consumer with skipLibCheck false (%s resolution)', async (resolution) => {
    const module = resolution === 'nodenext' ? 'nodenext' : 'preserve';
    const compilerOptions = { strict: true, noEmit: true, skipLibCheck: false, target: 'ES2022', module, moduleResolution: resolution, types: ['node'] };
    await writeFile(join(project, `tsconfig.${resolution}.json`), JSON.stringify({ compilerOptions, files: ['consumer.ts'] }));
    const result = run(process.execPath, [tsc, '-p', `tsconfig.${resolution}.json`], project);
    expect(result.stdout + result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('its CLI runs where it is installed: npx forkless --version, snapshot inspect', () => {
    expect(succeed('npx', ['--no-install', 'forkless', '--version'], project)).toBe(`forkless ${manifest.version}\n`);
    const path = join(project, 'cli.fkl');
    expect(succeed('npx', ['--no-install', 'forkless', 'snapshot', 'save', path, '--keys', '1000'], project)).toMatch(/^saved 1000 keys/);
    const inspect = succeed('npx', ['--no-install', 'forkless', 'snapshot', 'inspect', path], project);
    expect(inspect).toContain('keys        1000 (0 with an expiry)');
    expect(inspect).toContain('status      valid');
  });
});
