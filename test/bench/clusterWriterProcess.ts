/**
 * The cluster bench's writer in its own process (forked by {@link ClusterWriterChild}), so that
 * its latencies are not those of the bench process's large heap (nor of a key list of its own: it
 * picks keys on the fly): runs a {@link RespClusterWriter} as the spec in `process.argv[2]` says,
 * reports 'started', and on 'stop' answers with its figures and exits.
 */
import { seededRandom } from '../../lib/seededRandom.js';
import type { ClusterWriterSpec, ClusterWriterReport } from './ClusterWriterChild.js';
import { randomKeyOfHalf } from './keysOfHalf.js';
import { RespClusterWriter } from './RespClusterWriter.js';

function report(message: ClusterWriterReport): void {
  process.send?.(message);
}

const specText = process.argv[2];
if (specText === undefined || process.send === undefined) throw new Error('clusterWriterProcess.ts is forked by the bench with a writer spec');
const spec = JSON.parse(specText) as ClusterWriterSpec;
const random = seededRandom(spec.seed);
const pick = {
  migrating: randomKeyOfHalf(spec.migratingKeys, true, spec.migratingPrefix, random),
  other: randomKeyOfHalf(spec.otherKeys, false, spec.otherPrefix, random),
};
const writer = await RespClusterWriter.start(spec.ports, pick, spec.rate);
report({ type: 'started' });
process.once('message', (message: string) => {
  if (message !== 'stop') return;
  void writer
    .stop()
    .then(
      (figures) => report({ type: 'figures', figures }),
      (error: Error) => report({ type: 'error', message: error.message }),
    )
    .finally(() => process.disconnect());
});
