import { ForklessError } from '../errors.js';

/**
 * The value-encoding thresholds of Redis 7.0 that OBJECT ENCODING and the HyperLogLog commands
 * read, under their redis.conf names' camel-case forms. A server's CONFIG SET changes the fields of
 * `keyspace.encoding` through {@link normalizeEncodingOptions}.
 */
export interface EncodingOptions {
  /** `hash-max-listpack-entries` (alias `hash-max-ziplist-entries`). */
  hashMaxListpackEntries: number;
  /** `hash-max-listpack-value` (alias `hash-max-ziplist-value`). */
  hashMaxListpackValue: number;
  /** `set-max-intset-entries`. */
  setMaxIntsetEntries: number;
  /** `zset-max-listpack-entries` (alias `zset-max-ziplist-entries`). */
  zsetMaxListpackEntries: number;
  /** `zset-max-listpack-value` (alias `zset-max-ziplist-value`). */
  zsetMaxListpackValue: number;
  /** `list-max-listpack-size` (alias `list-max-ziplist-size`); Redis 7.0 lists are always quicklists. */
  listMaxListpackSize: number;
  /** `hll-sparse-max-bytes`: a sparse HyperLogLog larger than this turns dense. */
  hllSparseMaxBytes: number;
}

/** Redis 7.0's defaults. */
export const ENCODING_DEFAULTS: Readonly<EncodingOptions> = Object.freeze({
  hashMaxListpackEntries: 128,
  hashMaxListpackValue: 64,
  setMaxIntsetEntries: 512,
  zsetMaxListpackEntries: 128,
  zsetMaxListpackValue: 64,
  listMaxListpackSize: -2,
  hllSparseMaxBytes: 3000,
});

/** Accepted ranges, as redis.conf's. */
const RANGES: Record<keyof EncodingOptions, readonly [number, number]> = {
  hashMaxListpackEntries: [0, Number.MAX_SAFE_INTEGER],
  hashMaxListpackValue: [0, Number.MAX_SAFE_INTEGER],
  setMaxIntsetEntries: [0, Number.MAX_SAFE_INTEGER],
  zsetMaxListpackEntries: [0, Number.MAX_SAFE_INTEGER],
  zsetMaxListpackValue: [0, Number.MAX_SAFE_INTEGER],
  listMaxListpackSize: [-5, 2 ** 31 - 1],
  hllSparseMaxBytes: [0, 2 ** 31 - 1],
};

/**
 * Fills defaults and rejects out-of-range values with FORKLESS_ERR_INVALID_OPTION.
 *
 * @example
 * ```ts
 * normalizeEncodingOptions({ hashMaxListpackEntries: 64 }).setMaxIntsetEntries; // 512
 * ```
 */
export function normalizeEncodingOptions(options: Partial<EncodingOptions> = {}): EncodingOptions {
  const normalized = { ...ENCODING_DEFAULTS, ...options };
  for (const [name, [min, max]] of Object.entries(RANGES) as [keyof EncodingOptions, readonly [number, number]][]) {
    const value = normalized[name];
    if (!Number.isInteger(value) || value < min || value > max) {
      throw new ForklessError('FORKLESS_ERR_INVALID_OPTION', `${name} must be an integer in [${min}, ${max}], got ${String(value)}`, { [name]: value });
    }
  }
  return normalized;
}
