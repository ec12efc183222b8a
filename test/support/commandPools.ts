import type { SeededRandom } from './SeededRandom.js';

/**
 * Argument pools and small generators shared by the differential command generators: tiny pools
 * so that commands collide on keys, types and members.
 */

/** Keys per type: commands mostly pick keys of their own type (so they succeed), sometimes any. */
export const FAMILY_KEYS = {
  string: ['s1', 's2', 's3', 'bin\xff\x00k'],
  hll: ['p1', 'p2', 'p3'],
  hash: ['h1', 'h2'],
  list: ['l1', 'l2', 'l3'],
  set: ['S1', 'S2', 'S3'],
  zset: ['z1', 'z2', 'z3'],
} as const;
export type Family = keyof typeof FAMILY_KEYS;
export const KEYS = Object.values(FAMILY_KEYS).flat();
export const ITEMS = ['a', 'b', 'c', 'd', 'e', '1', '-2', '10', '3.5', 'x y', '\xff\x00', ''];
export const INTEGERS = ['0', '1', '-1', '2', '-2', '3', '5', '-5', '100', '9223372036854775807', '-9223372036854775808', 'abc', '1.5', ' 1', '+1', '-0'];
export const FLOATS = ['0', '1', '-1', '1.5', '0.1', '0.2', '-2.25', '1e3', '1e-5', 'inf', '-inf', '+inf', 'abc', 'nan', '', '1e400', '0x10', ' 2'];
export const SCORE_BOUNDS = ['-inf', '+inf', '0', '1', '(1', '2.5', '(0', '-1', '10', 'abc', '(', '('];
export const LEX_BOUNDS = ['-', '+', '[a', '(a', '[c', '(d', '[', 'a', '[x y'];
export const PATTERNS = [
  '*',
  's*',
  'h?',
  '*1',
  '[lz][1-2]',
  'S[^1]',
  'bin*',
  '\\s*',
  '[',
  'nomatch',
  'h[',
  '[^',
  'S[a-',
  's*\\',
  '?*',
  '[sz]?',
  '[3-1]*',
  'b?n\xff*',
  '[\\]]*',
  '*[',
];
export const DATABASES = ['0', '1', '2', '3'];
/** Absolute expiries in 2100, so they never fire during the test; '1000' is long past. */
export const ABSOLUTE_MS = ['4102444800000', '4102444801000', '4102444900000', '1000', '-5', 'abc'];
export const ABSOLUTE_SECONDS = ['4102444800', '4102444801', '4102445000', '1', '-1', 'x'];
export const RELATIVE_SECONDS = ['100', '5000', '86400', '0', '-5', 'abc'];
export const RELATIVE_MS = ['100000', '5000000', '0', '-1', '1.5'];
export const SIDES = ['LEFT', 'RIGHT', 'left', 'up'];

export type Generator = (random: SeededRandom) => string[];

export const key = (random: SeededRandom) => random.pick(KEYS);
export const familyKey = (family: Family) => (random: SeededRandom) => (random.chance(0.85) ? random.pick(FAMILY_KEYS[family]) : random.pick(KEYS));
export const skey = familyKey('string');
export const hkey = familyKey('hash');
export const lkey = familyKey('list');
export const setKey = familyKey('set');
export const zkey = familyKey('zset');
export const familyKeys = (random: SeededRandom, family: Family) => Array.from({ length: random.integer(1, 3) }, () => familyKey(family)(random));
export const item = (random: SeededRandom) => random.pick(ITEMS);
export const integer = (random: SeededRandom) => (random.chance(0.85) ? String(random.integer(-4, 6)) : random.pick(INTEGERS));
export const float = (random: SeededRandom) => (random.chance(0.7) ? String(random.integer(-3, 5) * (random.chance(0.5) ? 1 : 0.5)) : random.pick(FLOATS));
export const keys = (random: SeededRandom, min = 1, max = 3) => random.several(KEYS, min, max);
export const items = (random: SeededRandom, min = 1, max = 4) => random.several(ITEMS, min, max);
export const pairs = (random: SeededRandom, first: Generator, second: Generator) =>
  Array.from({ length: random.integer(1, 3) }, () => [...first(random), ...second(random)]).flat();
export const optional = (random: SeededRandom, p: number, ...args: string[]) => (random.chance(p) ? args : []);
