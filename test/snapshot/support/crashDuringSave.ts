/**
 * Child process for the crash test: starts a save into the directory given as argv[2] and kills
 * itself with SIGKILL as soon as the temporary file exists (no cleanup can run).
 */
import { join } from 'node:path';
import { Keyspace } from '../../../lib/keyspace/Keyspace.js';
import { saveSnapshot } from '../../../lib/snapshot/saveSnapshot.js';

const ks = new Keyspace();
for (let index = 0; index < 10_000; index++) ks.execute(['SET', `key${index}`, 'crash'.repeat(20)]);
saveSnapshot(ks, join(process.argv[2]!, 'dump.fkl')).subscribe(() => process.kill(process.pid, 'SIGKILL'));
