/**
 * The cluster bench's writer in its own process (forked by {@link ClusterWriterChild}), so that
 * its latencies are not those of the bench process's large heap: rebuilds the key lists from the
 * spec in `process.argv[2]`, runs a {@link RespClusterWriter}, reports 'started', and on 'stop'
 * answers with its figures and exits.
 */
import { seededRandom } from '../../lib/seededRandom.js';
import type { ClusterWriterSpec, ClusterWriterReport } from './ClusterWriterChild.js';
import { keysOfHalf } from './keysOfHalf.js';
import { RespClusterWriter } from './RespClusterWriter.js';

function report(message: ClusterWriterReport): void {
  process.send?.(message);
}

const specText = process.argv[2];
if (specText === undefined || process.send === undefined) throw new Error('clusterWriterProcess.ts is forked by the bench with a writer spec');
const spec = JSON.parse(specText) as ClusterWriterSpec;
const migrating = keysOfHalf(spec.migratingKeys, true, spec.migratingPrefix);
const other = keysOfHalf(spec.otherKeys, false, spec.otherPrefix);
const writer = await RespClusterWriter.start(spec.ports, migrating, other, spec.rate, seededRandom(spec.seed));
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
