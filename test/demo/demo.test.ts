import { spawn, type ChildProcess } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../support/redisServer.js';

const running: ChildProcess[] = [];

function start(script: string, args: string[]): { child: ChildProcess; output: () => string; waitFor: (pattern: RegExp) => Promise<RegExpMatchArray> } {
  const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let output = '';
  const listeners: (() => void)[] = [];
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const waitFor = (pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = output.match(pattern);
        if (match) resolve(match);
      };
      listeners.push(check);
      child.once('exit', (code) => reject(new Error(`${script} exited (${code}) before ${pattern}:\n${output}`)));
      check();
    });
  return { child, output: () => output, waitFor };
}

afterEach(() => {
  for (const child of running.splice(0)) child.kill('SIGKILL');
});

describe('demo', () => {
  it('npm run demo: follower and snapshot end equal to the leader', async () => {
    const demo = start('demo/main.ts', ['--keys', '5000', '--writes-per-second', '2000', '--seed', '7']);
    const exitCode = await new Promise<number | null>((resolve) => demo.child.once('exit', resolve));
    expect(demo.output()).toMatch(/OK: follower = leader, snapshot = leader at snapshot start/);
    expect(exitCode).toBe(0);
    const [, leader, follower] = demo.output().match(/leader\s+digest (\S+)[\s\S]*follower digest (\S+)/)!;
    expect(follower).toBe(leader);
  });

  it('demo:leader and demo:follower run the two sides by hand', async () => {
    const port = await freePort();
    const leader = start('demo/leader.ts', ['--keys', '3000', '--port', String(port)]);
    const [, url] = await leader.waitFor(/listening on (ws:\/\/[^\s,]+)/);
    expect(url).toBe(`ws://127.0.0.1:${port}/`);
    const follower = start('demo/follower.ts', [url!]);
    await follower.waitFor(/streaming \(full resync\)/);
    await leader.waitFor(/followers: \S+ streaming/);
  });
});
