/**
 * Prints where a `.cpuprofile` (from `node --cpu-prof`) spent its time: self time per function and
 * per file, largest first.
 *
 *     npx tsx test/bench/summarizeCpuProfile.ts /tmp/prof/CPU.….cpuprofile [top=25] [from µs] [to µs]
 *
 * The window (monotonic µs, as `profileSnapshot.ts` prints it) restricts the summary to one phase.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

interface CpuProfile {
  startTime: number;
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Sums sample time (µs) per label of a node, for samples inside [from, to] (monotonic µs). */
function selfTimes(profile: CpuProfile, label: (node: ProfileNode) => string, from: number, to: number): Map<string, number> {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const totals = new Map<string, number>();
  let time = profile.startTime;
  profile.samples.forEach((id, index) => {
    const delta = profile.timeDeltas[index] ?? 0;
    time += delta;
    if (time < from || time > to) return;
    const name = label(byId.get(id)!);
    totals.set(name, (totals.get(name) ?? 0) + delta);
  });
  return totals;
}

function print(title: string, totals: Map<string, number>, top: number): void {
  const all = [...totals.values()].reduce((sum, value) => sum + value, 0);
  console.log(`\n${title} (total ${(all / 1000).toFixed(0)} ms)`);
  for (const [name, micros] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((micros / all) * 100).toFixed(1).padStart(5)} %  ${(micros / 1000).toFixed(0).padStart(6)} ms  ${name}`);
  }
}

const [file, topText, fromText, toText] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: summarizeCpuProfile.ts <file.cpuprofile> [top]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
const top = Number(topText ?? 25);
const from = Number(fromText ?? -Infinity);
const to = Number(toText ?? Infinity);
const shortUrl = (url: string) => url.replace(/^.*\/(node_modules|lib|test)\//, '$1/') || '(native)';
print(
  'self time by function',
  selfTimes(profile, (node) => `${node.callFrame.functionName || '(anonymous)'}  ${shortUrl(node.callFrame.url)}:${node.callFrame.lineNumber + 1}`, from, to),
  top,
);
print(
  'self time by file',
  selfTimes(profile, (node) => shortUrl(node.callFrame.url), from, to),
  top,
);
