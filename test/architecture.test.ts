import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The layering of lib/ (docs/architecture.md, "Layers"): layers import downward only and no module imports
 * itself through others. Type-only imports count: a type cycle is a design cycle too.
 */
const LIB = resolve(import.meta.dirname, '../lib');
const RANK: Record<string, number> = { keyspace: 0, iteration: 1, rdb: 2, snapshot: 2, replication: 2, server: 2, cluster: 3, cli: 4 };
const ROOT_RANK: Record<string, number> = { 'errors.ts': 0, 'seededRandom.ts': 0, 'optionRules.ts': 0, 'index.ts': 5, 'internals.ts': 5 };

function sources(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/gms)].map((match) => match[1]!);
  return specifiers.map((specifier) => resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
}

function rankOf(file: string): number {
  const path = relative(LIB, file);
  const [first] = path.split('/');
  return path.includes('/') ? RANK[first!]! : ROOT_RANK[path]!;
}

function findCycle(graph: Map<string, string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    if (state.get(node) === 'done') return null;
    if (state.get(node) === 'open') return [...stack.slice(stack.indexOf(node)), node];
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(node, 'done');
    return null;
  };
  for (const node of graph.keys()) {
    const cycle = visit(node);
    if (cycle) return cycle;
  }
  return null;
}

describe('lib/ architecture', () => {
  const files = sources(LIB);
  const graph = new Map(files.map((file) => [file, importsOf(file)]));

  it('every folder of lib/ has a layer', () => {
    for (const file of files) expect(rankOf(file), relative(LIB, file)).toBeTypeOf('number');
  });

  it('layers import downward only (keyspace → iteration → snapshot/replication/server/rdb → cluster → cli)', () => {
    const upward = files.flatMap((file) =>
      graph
        .get(file)!
        .filter((target) => rankOf(target) > rankOf(file))
        .map((target) => `${relative(LIB, file)} → ${relative(LIB, target)}`),
    );
    expect(upward).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(
      findCycle(graph)
        ?.map((file) => relative(LIB, file))
        .join(' → ') ?? null,
    ).toBeNull();
  });
});
