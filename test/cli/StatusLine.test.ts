import { describe, expect, it } from 'vitest';
import { StatusLine, terminalColumns } from '../../lib/cli/StatusLine.js';

function stream(isTTY: boolean, columns?: number) {
  const written: string[] = [];
  return { written, stderr: { isTTY, columns, write: (text: string) => written.push(text) }, stdout: { write: () => true } };
}

describe('StatusLine', () => {
  it('takes the width from the terminal, else from COLUMNS, else 80', () => {
    expect(terminalColumns({ ...stream(true, 132), env: { COLUMNS: '60' } })).toBe(132);
    expect(terminalColumns({ ...stream(true), env: { COLUMNS: '60' } })).toBe(60);
    expect(terminalColumns({ ...stream(true), env: { COLUMNS: 'wide' } })).toBe(80);
    expect(terminalColumns(stream(false))).toBe(80);
  });

  it('on a terminal, redraws one line in place, cut to the width, and ends it with a newline', () => {
    const io = { ...stream(true), env: { COLUMNS: '20' } };
    const line = new StatusLine(io);
    line.show('short');
    line.show('a line that is much too long for twenty columns');
    line.end();
    line.end();
    expect(io.written).toEqual(['\rshort\x1b[K', '\ra line that is muc…\x1b[K', '\n']);
  });

  it('elsewhere, draws nothing, or logs each change of key as its own line', () => {
    const quiet = stream(false);
    new StatusLine(quiet).show('progress');
    expect(quiet.written).toEqual([]);
    const log = stream(false);
    const line = new StatusLine(log, true);
    line.show('streaming offset 1', 'streaming');
    line.show('streaming offset 2', 'streaming');
    line.show('backoff', 'backoff 1');
    line.end();
    expect(log.written).toEqual(['streaming offset 1\n', 'backoff\n']);
  });
});
