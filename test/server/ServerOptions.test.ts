import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isForklessError } from '../../lib/errors.js';
import { CONFIG_PARAMETERS, parseOutputLimits } from '../../lib/server/configParameters.js';
import { parseConfigFile } from '../../lib/server/parseConfigFile.js';
import { normalizeServerOptions } from '../../lib/server/ServerOptions.js';

function optionError(run: () => unknown): { option?: unknown; message: string } {
  try {
    run();
  } catch (error) {
    if (isForklessError(error, 'FORKLESS_ERR_INVALID_OPTION')) return { option: error.details.option, message: error.message };
    throw error;
  }
  throw new Error('no error');
}

describe('server options, directives and config files', () => {
  it('takes redis-server defaults and directive names, with aliases', () => {
    const config = normalizeServerOptions({ port: 0, host: '127.0.0.1', config: { 'hash-max-ziplist-entries': 256, 'proto-max-bulk-len': '1mb' } });
    expect(config.number('port')).toBe(0);
    expect(config.number('hash-max-listpack-entries')).toBe(256);
    expect(config.number('proto-max-bulk-len')).toBe(1024 * 1024);
    expect(config.text('save')).toBe('3600 1 300 100 60 10000');
    expect(config.matching(['*max-ziplist-entries', 'zset-max-ziplist-entries'])).toEqual([['zset-max-ziplist-entries', '128']]);
    expect(config.matching(['nosuch'])).toEqual([]);
  });

  it('takes the replication directives: replicaof as an option or a directive (alias slaveof), masterauth, repl-*', () => {
    expect(normalizeServerOptions({ replicaof: { host: '127.0.0.1', port: 6379 } }).text('replicaof')).toBe('127.0.0.1 6379');
    const config = normalizeServerOptions({ config: { slaveof: ' 10.0.0.1   7000 ', masterauth: 'pw', 'repl-ping-slave-period': 2, 'repl-backlog-size': '2mb' } });
    expect(config.text('replicaof')).toBe('10.0.0.1 7000');
    expect(config.text('masterauth')).toBe('pw');
    expect(config.number('repl-ping-replica-period')).toBe(2);
    expect(config.number('repl-backlog-size')).toBe(2 * 1024 * 1024);
    expect(config.number('repl-timeout')).toBe(60);
    // As Redis: a backlog under 16 KiB is accepted and raised to 16 KiB.
    expect(normalizeServerOptions({ config: { 'repl-backlog-size': '1kb' } }).number('repl-backlog-size')).toBe(16 * 1024);
  });

  it.each([
    [{ maxclients: 0 }, 'maxclients', /between 1 and/],
    [{ port: 70000 }, 'port', /between 0 and 65535/],
    [{ save: '900' }, 'save', /Invalid save parameters/],
    [{ appendonly: 'yes' as 'no' }, 'appendonly', /one of the following: no/],
    [{ config: { 'notify-keyspace-events': 'Q' } }, 'notify-keyspace-events', /Invalid event class/],
    [{ config: { 'client-output-buffer-limit': 'weird 1 1 1' } }, 'client-output-buffer-limit', /Invalid client class/],
    [{ config: { 'no-such-thing': 1 } }, 'no-such-thing', /unknown directive/],
    [{ replicaof: { host: '127.0.0.1', port: 0 } }, 'replicaof', /between 1 and 65535/],
    [{ replicaof: { host: '', port: 6379 } }, 'replicaof', /\{ host, port \}/],
    [{ config: { replicaof: '127.0.0.1' } }, 'replicaof', /"host port" expected/],
    [{ config: { 'repl-backlog-size': '0' } }, 'repl-backlog-size', /between 1 and 9223372036854775807/],
    [{ config: { 'repl-timeout': 0 } }, 'repl-timeout', /between 1 and/],
  ])('rejects %j with FORKLESS_ERR_INVALID_OPTION naming the option and the accepted range', (options, option, message) => {
    const error = optionError(() => normalizeServerOptions(options));
    expect(error.option).toBe(option);
    expect(error.message).toMatch(message);
  });

  it('writes notify-keyspace-events back in Redis’s canonical order', () => {
    const config = normalizeServerOptions({ config: { 'notify-keyspace-events': 'EKg$lshzxetd' } });
    expect(config.text('notify-keyspace-events')).toBe('AKE');
    expect(normalizeServerOptions({ config: { 'notify-keyspace-events': 'xElK' } }).text('notify-keyspace-events')).toBe('lxKE');
  });

  it('parses output limits per class', () => {
    expect([...parseOutputLimits('normal 0 0 0 pubsub 32mb 8mb 60 slave 1gb 0 0')]).toEqual([
      ['pubsub', { hard: 32 * 1024 ** 2, soft: 8 * 1024 ** 2, seconds: 60 }],
      ['replica', { hard: 1024 ** 3, soft: 0, seconds: 0 }],
    ]);
  });

  it('reads redis.conf syntax: comments, quotes, repeated save lines, aliases', () => {
    expect(parseConfigFile('# comment\n\nport 7000\nsave 900 1\nsave 300 10\nrequirepass "a b"\nzset-max-ziplist-value 32\r\n')).toEqual({
      port: '7000',
      save: '900 1 300 10',
      requirepass: 'a b',
      'zset-max-listpack-value': '32',
    });
    expect(parseConfigFile('save ""\n')).toEqual({ save: '' });
    expect(() => parseConfigFile('port 1\nbogus yes\n')).toThrow(/config line 2.*bad directive 'bogus'/);
    expect(() => parseConfigFile('requirepass "open\n')).toThrow(/unbalanced quotes/);
  });

  it('documents every directive in the README table', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const parameter of CONFIG_PARAMETERS) expect(readme).toContain(`| \`${parameter.name}\``);
  });
});
