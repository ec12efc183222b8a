import { ForklessError } from '../../errors.js';
import type { Keyspace } from '../../keyspace/Keyspace.js';
import { SlotOrderedAdoption } from '../../keyspace/SlotOrderedAdoption.js';
import { RdbDecoder } from '../../rdb/RdbDecoder.js';

/** Length of the random mark around a diskless payload (`$EOF:<mark>` … `<mark>`). */
const EOF_MARK_BYTES = 40;

/**
 * Reads a full-sync payload from a Redis master into a keyspace: `$EOF:<40 bytes>` (diskless: the
 * RDB ends where the same 40 bytes follow it) or `$<length>` (the RDB is exactly that long). Keys
 * are restored as they arrive, in batches sorted by hash slot (expired ones too: expiring is the
 * master's job); the CRC-64 is checked. `push` returns the bytes after the payload (the start of
 * the command stream) once it is complete, null before. Defects throw the decoder's typed errors,
 * or FORKLESS_ERR_PROTOCOL.
 *
 * @example
 * ```ts
 * const payload = new RdbPayloadReader('EOF:' + mark, fresh);
 * const rest = payload.push(chunk); // null until the mark went by
 * ```
 */
export class RdbPayloadReader {
  bytesReceived = 0;
  keysLoaded = 0;
  private readonly decoder: RdbDecoder;
  private readonly adoption: SlotOrderedAdoption;
  private readonly mark: Buffer | null;
  private remaining: number;
  private trailing: Buffer = Buffer.alloc(0);

  /** @param preamble the payload line without its `$`: `EOF:<mark>` or the length. */
  constructor(preamble: string, target: Keyspace) {
    this.decoder = new RdbDecoder({ databases: target.databases.length, trailing: 'keep' });
    this.adoption = new SlotOrderedAdoption(target, null);
    if (preamble.startsWith('EOF:')) {
      this.mark = Buffer.from(preamble.slice(4), 'latin1');
      if (this.mark.length !== EOF_MARK_BYTES) throw new ForklessError('FORKLESS_ERR_PROTOCOL', `bad EOF mark in payload preamble ${JSON.stringify(preamble)}`);
      this.remaining = Infinity;
    } else {
      this.mark = null;
      this.remaining = /^\d{1,15}$/.test(preamble) ? Number(preamble) : NaN;
      if (Number.isNaN(this.remaining)) throw new ForklessError('FORKLESS_ERR_PROTOCOL', `bad payload length ${JSON.stringify(preamble)}`);
    }
  }

  /** Feeds bytes; returns what follows the payload once it is complete, else null. */
  push(chunk: Buffer): Buffer | null {
    const take = Math.min(chunk.length, this.remaining);
    const body = chunk.subarray(0, take);
    this.bytesReceived += body.length;
    this.remaining -= take;
    if (this.mark === null) return this.pushCounted(body, chunk.subarray(take));
    if (this.decoder.finished) {
      this.trailing = Buffer.concat([this.trailing, body]);
    } else {
      this.load(this.decoder.push(body));
      if (!this.decoder.finished) return null;
      this.adoption.flush();
      this.trailing = Buffer.concat([this.trailing, this.decoder.takeTrailing()]);
    }
    if (this.trailing.length < EOF_MARK_BYTES) return null;
    if (!this.trailing.subarray(0, EOF_MARK_BYTES).equals(this.mark)) throw new ForklessError('FORKLESS_ERR_PROTOCOL', 'the RDB payload is not followed by its EOF mark');
    return this.trailing.subarray(EOF_MARK_BYTES);
  }

  private pushCounted(body: Buffer, rest: Buffer): Buffer | null {
    this.load(this.decoder.push(body));
    if (this.remaining > 0) return null;
    this.load(this.decoder.end());
    this.adoption.flush();
    if (this.decoder.takeTrailing().length > 0) throw new ForklessError('FORKLESS_ERR_PROTOCOL', 'bytes after the end of the RDB inside the payload length');
    return rest;
  }

  private load(parts: ReturnType<RdbDecoder['push']>): void {
    for (const part of parts) {
      if (part.kind !== 'key') continue;
      const { db, key, type, value, expiresAt } = part.entry;
      this.adoption.add(db, key, type, value, expiresAt, part.offset);
      this.keysLoaded++;
    }
  }
}
