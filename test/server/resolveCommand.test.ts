import { describe, expect, it } from 'vitest';
import { CommandResolver } from '../../lib/server/resolveCommand.js';
import { SERVER_COMMANDS } from '../../lib/server/serverCommands.js';

describe('CommandResolver', () => {
  it('resolves a name in any case to its command, whose name is the lower-case one', () => {
    const commands = new CommandResolver(SERVER_COMMANDS);
    for (const spelling of ['get', 'GET', 'gEt']) expect(commands.resolve(spelling)).toMatchObject({ kind: 'keyspace', command: { name: 'get' } });
    for (const spelling of ['config', 'CONFIG']) expect(commands.resolve(spelling)).toMatchObject({ kind: 'server', command: { name: 'config' } });
    expect(commands.resolve('nosuchcommand')).toBeUndefined();
    expect(commands.resolve('NOSUCHCOMMAND')).toBeUndefined();
  });

  it('keeps resolving right past the number of spellings it remembers (1024)', () => {
    const commands = new CommandResolver(SERVER_COMMANDS);
    // Every mix of cases of these names: 512 + 3 * 256 spellings, twice over.
    for (let round = 0; round < 2; round++) {
      for (const name of ['pexpireat', 'setrange', 'getrange', 'flushall']) {
        for (let mask = 0; mask < 1 << name.length; mask++) {
          const spelling = [...name].map((char, index) => ((mask >> index) & 1 ? char.toUpperCase() : char)).join('');
          expect(commands.resolve(spelling)?.command.name).toBe(name);
        }
      }
    }
  });
});
