/** Calls, time and failures of one command (INFO commandstats). */
export interface CommandStats {
  calls: number;
  usec: number;
  rejected: number;
  failed: number;
}

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
  readonly commands = new Map<string, CommandStats>();

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
  }
}
