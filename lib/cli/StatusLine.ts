import type { CliIo, CliStream } from './CliCommand.js';
import { fitLine } from './progressBar.js';

/**
 * A line redrawn in place on a terminal (stderr), cut to its width so it never wraps: progress
 * bars and live status. On anything but a terminal it draws nothing, unless `logChanges` is set:
 * then each text whose `key` differs from the last one is printed as its own line (for logs).
 *
 * @example
 * ```ts
 * const line = new StatusLine(process);
 * line.show('[#####.....]  50%');
 * line.end(); // newline after the last drawing
 * ```
 */
export class StatusLine {
  private readonly stream: CliStream;
  readonly columns: number;
  readonly live: boolean;
  private drawn = false;
  private lastKey: string | null = null;

  constructor(
    io: CliIo,
    private readonly logChanges = false,
  ) {
    this.stream = io.stderr;
    this.live = io.stderr.isTTY === true;
    this.columns = terminalColumns(io);
  }

  /** Redraws the line (terminal), or logs it when `key` changed (logChanges). */
  show(text: string, key = text): void {
    if (this.live) {
      this.stream.write(`\r${fitLine(text, this.columns)}\x1b[K`);
      this.drawn = true;
    } else if (this.logChanges && key !== this.lastKey) this.stream.write(`${text}\n`);
    this.lastKey = key;
  }

  /** Ends the line being redrawn, so the next output starts on a fresh line. */
  end(): void {
    if (this.drawn) this.stream.write('\n');
    this.drawn = false;
  }
}

/**
 * Width of the terminal: stderr's `columns`, else the `COLUMNS` variable, else 80.
 *
 * @example
 * ```ts
 * terminalColumns({ ...process, env: { COLUMNS: '60' } }); // 60 when stderr is not a terminal
 * ```
 */
export function terminalColumns(io: CliIo): number {
  const fromStream = io.stderr.columns;
  if (fromStream !== undefined && fromStream > 0) return fromStream;
  const fromEnv = Number(io.env?.COLUMNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : 80;
}
