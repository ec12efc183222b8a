import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ReplyWriter } from '../../lib/server/ReplyWriter.js';

type Step = { kind: 'bulk'; size: number } | { kind: 'take' } | { kind: 'dropLast' };

describe('ReplyWriter', () => {
  it('hands out every byte once, in order, and never changes bytes already taken (property, seeded)', () => {
    const step = fc.oneof(
      fc.record({ kind: fc.constant('bulk' as const), size: fc.oneof(fc.nat(40), fc.nat(70_000)) }),
      fc.record({ kind: fc.constant('take' as const) }),
      fc.record({ kind: fc.constant('dropLast' as const) }),
    );
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps: Step[]) => {
        const writer = new ReplyWriter();
        const taken: { bytes: Buffer; copy: string }[] = [];
        let expected = '';
        let pending = '';
        steps.forEach((each, index) => {
          if (each.kind === 'bulk') {
            const text = String.fromCharCode(index % 256).repeat(each.size);
            const mark = writer.length;
            writer.bulk(text);
            pending += `$${each.size}\r\n${text}\r\n`;
            expect(writer.length).toBe(pending.length);
            // CLIENT REPLY SKIP: the reply just written is dropped again.
            if (steps[index + 1]?.kind === 'dropLast') {
              writer.truncate(mark);
              pending = pending.slice(0, mark);
            }
          } else if (each.kind === 'take') {
            const bytes = writer.take();
            expect(bytes?.toString('latin1') ?? '').toBe(pending);
            if (bytes !== undefined) taken.push({ bytes, copy: pending });
            expected += pending;
            pending = '';
            expect(writer.length).toBe(0);
          }
        });
        for (const { bytes, copy } of taken) expect(bytes.toString('latin1')).toBe(copy);
        expect(taken.map(({ copy }) => copy).join('')).toBe(expected);
      }),
      { seed: 7, numRuns: 200 },
    );
  });
});
