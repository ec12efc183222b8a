import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ForklessError } from '../../lib/errors.js';
import { inspectSnapshot } from '../../lib/snapshot/inspectSnapshot.js';
import { loadSnapshot } from '../../lib/snapshot/loadSnapshot.js';
import { randomKeyspace, saveToFile, seededRandom, temporaryDirectory } from './support/snapshotFixtures.js';

const SEED = 0x5eed;
const ROUNDS = 300;

let directory: string;
let cleanup: () => Promise<void>;
let valid: Buffer;

beforeAll(async () => {
  ({ directory, cleanup } = await temporaryDirectory());
  await saveToFile(randomKeyspace(3, 400, 60), join(directory, 'valid.fkl'));
  valid = await readFile(join(directory, 'valid.fkl'));
});
afterAll(() => cleanup());

/** One random corruption: flipped bytes, a cut, inserted or deleted bytes, or a duplicated slice. */
function mutate(bytes: Buffer, random: () => number): Buffer {
  const at = () => Math.floor(random() * bytes.length);
  switch (Math.floor(random() * 5)) {
    case 0: {
      const copy = Buffer.from(bytes);
      for (let flips = 1 + Math.floor(random() * 3); flips > 0; flips--) copy[at()] ^= 1 << Math.floor(random() * 8);
      return copy;
    }
    case 1:
      return bytes.subarray(0, at());
    case 2: {
      const position = at();
      const inserted = Buffer.from(Array.from({ length: 1 + Math.floor(random() * 8) }, () => Math.floor(random() * 256)));
      return Buffer.concat([bytes.subarray(0, position), inserted, bytes.subarray(position)]);
    }
    case 3: {
      const position = at();
      return Buffer.concat([bytes.subarray(0, position), bytes.subarray(position + 1 + Math.floor(random() * 16))]);
    }
    default: {
      const start = at();
      const slice = bytes.subarray(start, start + 1 + Math.floor(random() * 64));
      const position = at();
      return Buffer.concat([bytes.subarray(0, position), slice, bytes.subarray(position)]);
    }
  }
}

describe('loader fuzz', () => {
  it(`${ROUNDS} mutated or truncated files (seed ${SEED}) never crash, hang or half-load`, async () => {
    const random = seededRandom(SEED);
    const path = join(directory, 'mutated.fkl');
    const codes = new Set<string>();
    for (let round = 0; round < ROUNDS; round++) {
      const mutated = mutate(valid, random);
      if (mutated.equals(valid)) continue;
      await writeFile(path, mutated);
      const into = randomKeyspace(round, 50);
      const digest = into.digest();
      const error = await loadSnapshot(path, into).then(
        () => null,
        (caught: unknown) => caught,
      );
      const context = `round ${round} (seed ${SEED})`;
      expect(error, context).toBeInstanceOf(ForklessError);
      const typed = error as ForklessError;
      expect(typed.code, context).toMatch(/^FORKLESS_ERR_SNAPSHOT_/);
      expect(typeof typed.details.offset, context).toBe('number');
      expect(into.digest(), context).toBe(digest);
      const report = await inspectSnapshot(path);
      expect(report.valid, context).toBe(false);
      expect(report.error?.code, context).toBe(typed.code);
      codes.add(typed.code);
    }
    // The mutations reach the different defenses, not only one of them.
    expect([...codes].sort()).toEqual(expect.arrayContaining(['FORKLESS_ERR_SNAPSHOT_CHECKSUM', 'FORKLESS_ERR_SNAPSHOT_RECORD', 'FORKLESS_ERR_SNAPSHOT_TRUNCATED']));
  });
});
