import type { BenchContext } from '../BenchContext.js';
import type { BenchRow } from '../BenchRow.js';

export async function redisSection(_context: BenchContext): Promise<BenchRow[]> {
  return [];
}
