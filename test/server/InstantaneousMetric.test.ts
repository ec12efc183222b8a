import { describe, expect, it } from 'vitest';
import { InstantaneousMetric } from '../../lib/server/InstantaneousMetric.js';
import { RespClient } from '../support/RespClient.js';
import { startTestServer } from './support/serverFixtures.js';
import { VirtualScheduler } from './support/VirtualScheduler.js';

describe('InstantaneousMetric', () => {
  it('is the mean of the last 16 per-second rates, as Redis computes instantaneous_ops_per_sec', () => {
    const metric = new InstantaneousMetric(1000);
    expect(metric.perSecond).toBe(0);
    metric.sample(160, 1100); // 1600/s, one sample of 16
    expect(metric.perSecond).toBe(100);
    for (let index = 2; index <= 16; index++) metric.sample(160 * index, 1000 + 100 * index);
    expect(metric.perSecond).toBe(1600);
    for (let index = 17; index <= 32; index++) metric.sample(160 * 16, 1000 + 100 * index); // idle: the old rates leave
    expect(metric.perSecond).toBe(0);
    metric.sample(160 * 16 + 7, 1000 + 100 * 32); // no time passed: a zero sample, not a division by zero
    expect(metric.perSecond).toBe(0);
  });
});

describe('INFO stats instantaneous rates', () => {
  it('reports the commands and bytes of the last samples, taken every 100 ms of the server scheduler', async () => {
    const scheduler = new VirtualScheduler();
    const server = await startTestServer({ scheduler });
    const client = await RespClient.connect(server.port);
    try {
      const rates = async () => {
        const info = String(await client.call(['INFO', 'stats']));
        return Object.fromEntries([...info.matchAll(/^(instantaneous_(?:ops_per_sec|input_kbps|output_kbps)):(.*)\r$/gm)].map(([, name, value]) => [name, value]));
      };
      expect(await rates()).toEqual({ instantaneous_ops_per_sec: '0', instantaneous_input_kbps: '0.00', instantaneous_output_kbps: '0.00' });
      for (let second = 0; second < 2; second++) {
        for (let tick = 0; tick < 10; tick++) {
          for (let command = 0; command < 50; command++) await client.call(['PING']);
          scheduler.advance(100);
        }
      }
      // 50 PINGs per 100 ms in every recent sample: 500/s, 14 bytes in (7000 B/s) and 7 out (3500 B/s) each.
      expect(await rates()).toEqual({ instantaneous_ops_per_sec: '500', instantaneous_input_kbps: (7000 / 1024).toFixed(2), instantaneous_output_kbps: (3500 / 1024).toFixed(2) });
    } finally {
      client.close();
      await server.close();
    }
  });
});
