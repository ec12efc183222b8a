/**
 * One line of the targets list: a ratio, its target and whether this run met it.
 *
 * @example
 * ```ts
 * targetLine('snapshot / raw limit', 0.41, '≥ 0.5×', false); // 'snapshot / raw limit: 0.41× (target ≥ 0.5×): missed'
 * ```
 */
export function targetLine(name: string, ratio: number, target: string, met: boolean): string {
  return `${name}: ${ratio.toFixed(2)}× (target ${target}): ${met ? 'met' : 'missed'}`;
}
