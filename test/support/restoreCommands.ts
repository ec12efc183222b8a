import { createDumpPayload } from '../../lib/keyspace/dump/dumpPayload.js';
import { SortedSet } from '../../lib/keyspace/SortedSet.js';
import { ABSOLUTE_MS, key, optional } from './commandPools.js';
import type { SeededRandom } from './SeededRandom.js';

/** RESTORE payloads (byte strings): valid ones of every type, and broken ones of each kind Redis tells apart. */
const PAYLOADS = (() => {
  const valid = [
    createDumpPayload('string', 'restored'),
    createDumpPayload('string', '123'),
    createDumpPayload('list', ['a', '\xff\x00', '7']),
    createDumpPayload('set', new Set(['a', '1'])),
    createDumpPayload(
      'hash',
      new Map([
        ['f', 'v'],
        ['a', '1'],
      ]),
    ),
    createDumpPayload(
      'zset',
      SortedSet.from([
        ['a', 1.5],
        ['b', -Infinity],
      ]),
    ),
  ];
  const badChecksum = Buffer.from(valid[0]!);
  badChecksum[badChecksum.length - 1]! ^= 1;
  const newerVersion = Buffer.from(valid[1]!);
  newerVersion[newerVersion.length - 10] = 11;
  return [...valid, ...valid, badChecksum, newerVersion, Buffer.from('short')].map((payload) => payload.toString('latin1'));
})();

function restoreOptions(random: SeededRandom, absolute: boolean): string[] {
  const options = [...optional(random, 0.5, 'REPLACE'), ...(absolute ? ['ABSTTL'] : [])];
  const extra = random.integer(0, 8);
  if (extra === 1) options.push('IDLETIME', random.pick(['0', '100', '-1', 'x']));
  if (extra === 2) options.push('FREQ', random.pick(['0', '255', '256', '-1']));
  if (extra === 3) options.push('FREQ', '1', 'IDLETIME', '1');
  if (extra === 4) options.push(random.pick(['BOGUS', 'IDLETIME']));
  return random.several(options, options.length, options.length).map((_, index) => options[index]!);
}

/** A RESTORE of a random payload (valid of every type, or broken), with random options. */
export function restoreCommand(random: SeededRandom): string[] {
  const absolute = random.chance(0.3);
  const ttl = absolute ? random.pick(ABSOLUTE_MS) : random.pick(['0', '0', '0', '5000000', '-1', 'x']);
  return ['RESTORE', key(random), ttl, random.pick(PAYLOADS), ...restoreOptions(random, absolute)];
}
