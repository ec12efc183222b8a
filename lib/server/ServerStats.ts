/** Calls, time and failures of one command (INFO commandstats). */
export interface CommandStats {
  calls: number;
  usec: number;
  rejected: number;
  failed: number;
}

/** Kinds of error INFO errorstats tracks at most (Redis's ERROR_STATS_NUMBER). */
const MAX_ERROR_KINDS = 128;

/**
 * The counters INFO reports (stats and commandstats sections); CONFIG RESETSTAT zeroes them.
 *
 * @example
 * ```ts
 * stats.command('get').calls++;
 * ```
 */
export class ServerStats {
  connectionsReceived = 0;
  rejectedConnections = 0;
  commandsProcessed = 0;
  netInputBytes = 0;
  netOutputBytes = 0;
  expiredKeys = 0;
  keyspaceHits = 0;
  keyspaceMisses = 0;
  errorReplies = 0;
  /** Error replies by kind, the message's first word (`ERR`, `WRONGTYPE`, `MOVED`, …): INFO errorstats. */
  readonly errorKinds = new Map<string, number>();
  readonly commands = new Map<string, CommandStats>();

  /** Counts an error reply, as Redis's afterErrorReply: past 128 kinds, new kinds are no longer tracked. */
  errorReplied(message: string): void {
    this.errorReplies++;
    const space = message.indexOf(' ');
    const kind = space === -1 ? message : message.slice(0, space);
    const count = this.errorKinds.get(kind);
    if (count !== undefined) this.errorKinds.set(kind, count + 1);
    else if (this.errorKinds.size < MAX_ERROR_KINDS) this.errorKinds.set(kind, 1);
  }

  /** The counters of a command, created on first use. */
  command(name: string): CommandStats {
    let stats = this.commands.get(name);
    if (stats === undefined) this.commands.set(name, (stats = { calls: 0, usec: 0, rejected: 0, failed: 0 }));
    return stats;
  }

  reset(): void {
    this.connectionsReceived = this.rejectedConnections = this.commandsProcessed = 0;
    this.netInputBytes = this.netOutputBytes = this.expiredKeys = this.keyspaceHits = this.keyspaceMisses = this.errorReplies = 0;
    this.commands.clear();
    this.errorKinds.clear();
  }
}
