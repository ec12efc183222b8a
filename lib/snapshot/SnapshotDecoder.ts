import { decodeSnapshotFooter, type SnapshotFooter } from './SnapshotFooter.js';
import { SnapshotFrameDecoder, type SnapshotFrame } from './SnapshotFrameDecoder.js';
import type { SnapshotHeader } from './SnapshotHeader.js';
import { SnapshotKeyAssembler, type SnapshotKey } from './SnapshotKeyAssembler.js';
import { snapshotError } from './snapshotError.js';
import { PACKED_CHUNK_FORMAT_VERSION } from './snapshotFormat.js';

/** What a snapshot decodes to, in file order: one header, the keys, one footer. */
export type SnapshotPart =
  | { readonly kind: 'header'; readonly header: SnapshotHeader }
  | { readonly kind: 'key'; readonly entry: SnapshotKey }
  | { readonly kind: 'footer'; readonly footer: SnapshotFooter };

/**
 * Streaming snapshot decoder: bytes in (any split), header, whole keys and the verified footer out.
 * Memory holds one record, the key being assembled and the names of the keys seen (a key stored
 * twice is a defect). Any defect throws a
 * {@link ForklessError} with a `FORKLESS_ERR_SNAPSHOT_*` code and `details.offset`; after a throw
 * the decoder must be discarded.
 *
 * @example
 * ```ts
 * const decoder = new SnapshotDecoder();
 * for await (const chunk of createReadStream(path)) for (const part of decoder.push(chunk)) use(part);
 * decoder.end();
 * ```
 */
export class SnapshotDecoder {
  private readonly frames = new SnapshotFrameDecoder();
  private assembler: SnapshotKeyAssembler | null = null;
  /** A defect found after parts that `push` returned, thrown by the next call. */
  private deferred: unknown = undefined;

  /**
   * @param options.checkDuplicates refuse a key stored twice in one database (default true; a
   * loader that detects it against the keyspace it fills turns it off and saves a set of names).
   * @param options.packSmallCollections read a collection small enough to be stored packed
   * straight into a `PackedCollection` (default false: every value comes out as its container).
   */
  constructor(private readonly options: { checkDuplicates?: boolean; packSmallCollections?: boolean } = {}) {}

  /**
   * Feeds bytes; returns the parts they complete. A defect found after some of them is thrown by
   * the next call instead, once the caller has had the parts before it: a caller's own check of
   * those parts (a loader's duplicate key) then reports the earlier defect, however the bytes were
   * split.
   */
  push(chunk: Uint8Array): SnapshotPart[] {
    this.throwDeferred();
    const parts: SnapshotPart[] = [];
    try {
      for (const frame of this.frames.push(chunk)) {
        const part = this.interpret(frame);
        if (part !== null) parts.push(part);
      }
    } catch (error) {
      if (parts.length === 0) throw error;
      this.deferred = error;
    }
    return parts;
  }

  /** Declares the end of input; throws `FORKLESS_ERR_SNAPSHOT_TRUNCATED` if the footer is missing. */
  end(): void {
    this.throwDeferred();
    this.frames.end();
  }

  private throwDeferred(): void {
    if (this.deferred !== undefined) throw this.deferred;
  }

  private interpret(frame: SnapshotFrame): SnapshotPart | null {
    switch (frame.kind) {
      case 'header':
        this.assembler = new SnapshotKeyAssembler(
          frame.header.databases,
          this.options.checkDuplicates ?? true,
          this.options.packSmallCollections ?? false,
          frame.header.formatVersion >= PACKED_CHUNK_FORMAT_VERSION,
        );
        return { kind: 'header', header: frame.header };
      case 'record': {
        const entry = this.requireAssembler(frame.offset).push(frame.bytes, frame.start, frame.end, frame.offset);
        return entry === null ? null : { kind: 'key', entry };
      }
      case 'footer': {
        const assembler = this.requireAssembler(frame.offset);
        assembler.finish(frame.offset);
        const footer = decodeSnapshotFooter(frame.bytes, frame.offset, { checksum: frame.checksum, records: frame.records, keys: assembler.keys });
        return { kind: 'footer', footer };
      }
    }
  }

  private requireAssembler(offset: number): SnapshotKeyAssembler {
    // The frame decoder always yields the header first; this guards the invariant, not user input.
    if (this.assembler === null) throw snapshotError('FORKLESS_ERR_SNAPSHOT_HEADER', 'record before the header', offset);
    return this.assembler;
  }
}
