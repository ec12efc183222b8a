import type { ByteString } from './byteString.js';

/** One member of a sorted set with its score. */
export interface ScoredMember {
  readonly member: ByteString;
  readonly score: number;
}

/**
 * Compares two members the way Valkey orders a sorted set: by score, then bytewise by member.
 *
 * @example
 * ```ts
 * [{ member: 'b', score: 1 }, { member: 'a', score: 1 }].sort(compareScored); // a before b
 * ```
 */
export function compareScored(a: ScoredMember, b: ScoredMember): number {
  if (a.score !== b.score) return a.score < b.score ? -1 : 1;
  return a.member < b.member ? -1 : a.member > b.member ? 1 : 0;
}

/**
 * A sorted set: member → score, with the ordered view computed lazily and cached until the next
 * change (reads after a burst of writes pay one sort; writes stay O(1)).
 *
 * @example
 * ```ts
 * const scores = SortedSet.from([['b', 2], ['a', 2], ['c', 1]]);
 * scores.sorted().map(({ member }) => member); // ['c', 'a', 'b']
 * scores.rank('b'); // 2
 * ```
 */
export class SortedSet {
  private readonly scores = new Map<ByteString, number>();
  private ordered: ScoredMember[] | null = [];

  /** A sorted set holding the given pairs. */
  static from(pairs: Iterable<readonly [ByteString, number]>): SortedSet {
    const set = new SortedSet();
    for (const [member, score] of pairs) set.set(member, score);
    return set;
  }

  get size(): number {
    return this.scores.size;
  }

  score(member: ByteString): number | undefined {
    return this.scores.get(member);
  }

  set(member: ByteString, score: number): void {
    this.scores.set(member, score);
    this.ordered = null;
  }

  delete(member: ByteString): boolean {
    const deleted = this.scores.delete(member);
    if (deleted) this.ordered = null;
    return deleted;
  }

  /** Members in Valkey's order (ascending score, then member). Do not mutate the array. */
  sorted(): readonly ScoredMember[] {
    if (this.ordered === null) {
      this.ordered = Array.from(this.scores, ([member, score]) => ({ member, score })).sort(compareScored);
    }
    return this.ordered;
  }

  /** Zero-based rank of a member in ascending order, or undefined. */
  rank(member: ByteString): number | undefined {
    const score = this.scores.get(member);
    if (score === undefined) return undefined;
    const ordered = this.sorted();
    let low = 0;
    let high = ordered.length - 1;
    const target = { member, score };
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const order = compareScored(ordered[middle]!, target);
      if (order === 0) return middle;
      if (order < 0) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }

  entries(): IterableIterator<[ByteString, number]> {
    return this.scores.entries();
  }

  /** Calls `visit` with each score and member, in the order of {@link entries}. */
  forEach(visit: (score: number, member: ByteString) => void): void {
    this.scores.forEach(visit);
  }

  /** Every member, in the order of {@link entries}. */
  members(): IterableIterator<ByteString> {
    return this.scores.keys();
  }

  clone(): SortedSet {
    return SortedSet.from(this.scores);
  }
}
