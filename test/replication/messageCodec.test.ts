import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isForklessError } from '../../lib/errors.js';
import { SortedSet } from '../../lib/keyspace/SortedSet.js';
import { decodeMessage, encodeMessage } from '../../lib/replication/messageCodec.js';
import { PROTOCOL_VERSION, type ReplicationMessage } from '../../lib/replication/ReplicationMessage.js';
import { Packr } from 'msgpackr';
import { PackedCollection } from '../../lib/keyspace/PackedCollection.js';

const big = Array.from({ length: 129 }, (_, index) => `element ${index}`);

const binary = '\x00\xff\x80 é';
const messages: ReplicationMessage[] = [
  { type: 'hello', version: PROTOCOL_VERSION, followerId: 'follower-1', historyId: null, offset: 0 },
  { type: 'hello', version: PROTOCOL_VERSION, followerId: 'f', historyId: 'h-1', offset: 2 ** 40 },
  { type: 'ack', offset: 17 },
  { type: 'continue', historyId: 'h-1', offset: 5 },
  { type: 'full-sync', historyId: 'h-1', offset: 9, keys: 1000 },
  {
    type: 'items',
    items: [
      { kind: 'entry', db: 0, key: 'plain', type: 'string', value: 'text', expiresAt: null },
      { kind: 'entry', db: 3, key: binary, type: 'string', value: binary, expiresAt: 1_700_000_000_123 },
      {
        kind: 'entry',
        db: 1,
        key: 'h',
        type: 'hash',
        value: new Map([
          ['f', binary],
          [binary, 'v'],
        ]),
        expiresAt: null,
      },
      { kind: 'entry', db: 1, key: 'l', type: 'list', value: ['a', binary, 'a'], expiresAt: null },
      { kind: 'entry', db: 1, key: 's', type: 'set', value: new Set(['a', binary]), expiresAt: null },
      {
        kind: 'entry',
        db: 1,
        key: 'z',
        type: 'zset',
        value: SortedSet.from([
          ['a', 1.5],
          [binary, -Infinity],
          ['c', Infinity],
        ]),
        expiresAt: null,
      },
      { kind: 'entry', db: 1, key: 'big', type: 'list', value: big, expiresAt: null },
      { kind: 'command', db: 2, offset: 12, argv: ['SET', 'k', Buffer.from([0, 255])] },
      { kind: 'swapdb', db: 0, other: 4 },
      { kind: 'flushdb', db: -1 },
      { kind: 'flushdb', db: 7 },
    ],
  },
  { type: 'complete', offset: 12 },
  {
    type: 'records',
    records: [
      { offset: 13, db: 0, argv: ['DEL', 'k'] },
      { offset: 14, db: 15, argv: ['SET', Buffer.from([1, 2]), 'v'] },
    ],
  },
  { type: 'heartbeat', offset: 14 },
];

/** A decoded message with its packed entries unpacked: what was sent. */
function asSent(message: ReplicationMessage): ReplicationMessage {
  if (message.type !== 'items') return message;
  return {
    ...message,
    items: message.items.map((item) => (item.kind === 'entry' && item.value instanceof PackedCollection ? { ...item, value: item.value.unpack() } : item)),
  } as ReplicationMessage;
}

function roundTrip(frame: Uint8Array): ReplicationMessage {
  return asSent(decodeMessage(frame));
}

function expectProtocolError(frame: Uint8Array): void {
  let thrown: unknown;
  try {
    decodeMessage(frame);
  } catch (error) {
    thrown = error;
  }
  expect(isForklessError(thrown, 'FORKLESS_ERR_PROTOCOL'), `expected FORKLESS_ERR_PROTOCOL, got ${String(thrown)}`).toBe(true);
}

describe('messageCodec', () => {
  it.each(messages.map((message) => [message.type, message] as const))('round-trips %s exactly (byte strings, scores, expiries)', (_, message) => {
    expect(roundTrip(encodeMessage(message))).toEqual(message);
  });

  it('sends a small collection packed, as the follower stores it, and a big one as its elements', () => {
    const items = messages.find((message) => message.type === 'items')!;
    const received = decodeMessage(encodeMessage(items));
    if (received.type !== 'items') throw new Error('not items');
    const packed = received.items.filter((item) => item.kind === 'entry' && item.value instanceof PackedCollection).map((item) => (item as { key: string }).key);
    expect(packed).toEqual(['h', 'l', 's', 'z']);
    expect(received.items.find((item) => item.kind === 'entry' && item.key === 'big')).toMatchObject({ type: 'list', value: big });
  });

  it('decodes a frame whose bytes arrive in a fresh buffer at any offset (views into larger buffers)', () => {
    for (const message of messages) {
      const frame = encodeMessage(message);
      const padded = Buffer.alloc(frame.length + 7);
      frame.copy(padded, 3);
      expect(roundTrip(padded.subarray(3, 3 + frame.length))).toEqual(message);
    }
  });

  it('rejects every strict prefix and every frame with trailing bytes with FORKLESS_ERR_PROTOCOL', () => {
    for (const message of messages) {
      const frame = encodeMessage(message);
      for (let split = 0; split < frame.length; split++) expectProtocolError(frame.subarray(0, split));
      expectProtocolError(Buffer.concat([frame, Buffer.from([0xc0])]));
    }
  });

  it('rejects well-formed msgpack that breaks the protocol', () => {
    const pack = (value: unknown) => new Packr({ useRecords: false }).pack(value);
    const hostile: unknown[] = [
      null,
      42,
      'hello',
      {},
      { __proto__: { polluted: true } },
      [],
      ['nope'],
      ['hello', 1, 'f', null],
      ['hello', 1, '', null, 0],
      ['hello', 1, 'f', null, -1],
      ['hello', 1, 'f', null, 1.5],
      ['hello', 1, 'f', 7, 0],
      ['ack'],
      ['ack', '5'],
      ['ack', Number.MAX_SAFE_INTEGER + 2],
      ['ack', 1, 2],
      ['items', [[0, 0, 'k', 9, 'v', null]]],
      ['items', [[0, 0, 'k', 0, 'v']]],
      ['items', [[0, -1, 'k', 0, 'v', null]]],
      ['items', [[0, 0, 'k\u0100', 0, 'v', null]]],
      ['items', [[0, 0, 'k', 1, ['odd'], null]]],
      ['items', [[0, 0, 'k', 4, ['m', NaN], null]]],
      ['items', [[4, 0, 'k', 'x\x01a', null]]], // unknown packed type
      ['items', [[4, 0, 'k', 'l', null]]], // empty
      ['items', [[4, 0, 'k', 'l\x05ab', null]]], // element cut short
      ['items', [[4, 0, 'k', 'l\x41' + 'a'.repeat(65), null]]], // element too long
      ['items', [[4, 0, 'k', 's\x01a\x01a', null]]], // member twice
      ['items', [[4, 0, 'k', 'h\x01f\x01v\x01f\x01w', null]]], // field twice
      ['items', [[4, 0, 'k', 'h\x01f', null]]], // field without value
      ['items', [[4, 0, 'k', 'z\x01m\x00\x00\x00\x00\x00\x00\xf8\x7f', null]]], // NaN score
      ['items', [[4, 0, 'k', 'z\x01m\x00\x00', null]]], // score cut short
      ['items', [[4, 0, 'k', 'l\x01a']]], // no expiry field
      ['items', [[4, 0, 'k', 'l' + '\x01a'.repeat(129), null]]], // too many elements
      ['items', [[1, 0, 1, []]]],
      ['items', [[1, 0, 1, [5]]]],
      ['items', [[3, -2]]],
      ['items', [[9]]],
      ['items', 'x'],
      ['records', [[1, 0]]],
      ['records', [[1, 0, [{}]]]],
      ['complete', null],
      ['heartbeat', -5],
    ];
    for (const value of hostile) expectProtocolError(pack(value));
  });

  it('never throws anything but FORKLESS_ERR_PROTOCOL on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
        try {
          decodeMessage(bytes);
        } catch (error) {
          return isForklessError(error, 'FORKLESS_ERR_PROTOCOL');
        }
        return true;
      }),
      { seed: 5, numRuns: 2000 },
    );
  });

  it('never throws anything but FORKLESS_ERR_PROTOCOL on single-byte corruptions of valid frames', () => {
    const frames = messages.map(encodeMessage);
    fc.assert(
      fc.property(fc.nat(frames.length - 1), fc.nat(), fc.integer({ min: 0, max: 255 }), (which, position, byte) => {
        const frame = Buffer.from(frames[which]!);
        frame[position % frame.length] = byte;
        try {
          decodeMessage(frame);
        } catch (error) {
          return isForklessError(error, 'FORKLESS_ERR_PROTOCOL');
        }
        return true;
      }),
      { seed: 9, numRuns: 3000 },
    );
  });

  it('round-trips random byte-string entries and records', () => {
    const byteString = fc.uint8Array({ maxLength: 12 }).map((bytes) => Buffer.from(bytes).toString('latin1'));
    fc.assert(
      fc.property(fc.array(byteString, { maxLength: 6 }), byteString, fc.option(fc.integer({ min: 0, max: 2 ** 50 })), (elements, key, expiresAt) => {
        const message: ReplicationMessage = {
          type: 'items',
          items: [
            { kind: 'entry', db: 2, key, type: 'list', value: elements, expiresAt },
            { kind: 'entry', db: 0, key, type: 'string', value: elements.join(''), expiresAt },
          ],
        };
        expect(roundTrip(encodeMessage(message))).toEqual(message);
      }),
      { seed: 11, numRuns: 300 },
    );
  });
});
