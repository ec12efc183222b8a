import { ReplyErrors } from '../ReplyError.js';
import type { ExpiryUnit } from './expiryTime.js';

/** The options SET and GETEX take, as parsed (the expiry time is validated later). */
export interface StringOptions {
  condition: 'NX' | 'XX' | null;
  get: boolean;
  keepTtl: boolean;
  persist: boolean;
  expiry: { unit: ExpiryUnit; text: string } | null;
}

const EXPIRY_UNITS: ReadonlySet<string> = new Set(['EX', 'PX', 'EXAT', 'PXAT']);
/** What a command without options gets (a plain SET is the most common write of all). */
const NO_OPTIONS: Readonly<StringOptions> = Object.freeze({ condition: null, get: false, keepTtl: false, persist: false, expiry: null });

/**
 * Parses SET's (`command` 'set') or GETEX's ('getex') options with Valkey's
 * `parseExtendedStringArgumentsOrReply` rules: repeating an option is fine (the last expiry
 * wins), conflicting ones (NX+XX, KEEPTTL/PERSIST+expiry, two expiry units) are a syntax error.
 *
 * @example
 * ```ts
 * parseStringOptions(['SET', 'k', 'v', 'NX', 'EX', '10'], 3, 'set').expiry; // { unit: 'EX', text: '10' }
 * ```
 */
export function parseStringOptions(argv: readonly string[], start: number, command: 'set' | 'getex'): Readonly<StringOptions> {
  if (start >= argv.length) return NO_OPTIONS;
  const options: StringOptions = { condition: null, get: false, keepTtl: false, persist: false, expiry: null };
  const isSet = command === 'set';
  for (let index = start; index < argv.length; index++) {
    const option = argv[index]!.toUpperCase();
    const next = argv[index + 1];
    if (isSet && (option === 'NX' || option === 'XX') && (options.condition === null || options.condition === option)) {
      options.condition = option;
    } else if (isSet && option === 'GET') options.get = true;
    else if (isSet && option === 'KEEPTTL' && options.expiry === null) options.keepTtl = true;
    else if (!isSet && option === 'PERSIST' && options.expiry === null) options.persist = true;
    else if (EXPIRY_UNITS.has(option) && next !== undefined && !options.keepTtl && !options.persist && (options.expiry === null || options.expiry.unit === option)) {
      options.expiry = { unit: option as ExpiryUnit, text: next };
      index++;
    } else throw ReplyErrors.syntax();
  }
  return options;
}
