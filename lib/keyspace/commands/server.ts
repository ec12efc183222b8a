import { defineCommand, type CommandSpecification, type Reply } from '../commandTable.js';
import type { CommandContext } from '../CommandContext.js';
import { parseBigInteger, parseInteger } from '../parse.js';
import { parseTimeout } from './blockingTimeout.js';
import { ReplyError, ReplyErrors } from '../ReplyError.js';
import type { CommandSession } from '../CommandSession.js';
import { refuseInClusterMode } from './clusterMode.js';

function inDatabaseRange(context: CommandContext, index: number): number {
  if (index < 0 || index >= context.keyspace.databases.length) throw ReplyErrors.dbIndexOutOfRange();
  return index;
}

function databaseIndex(context: CommandContext, text: string, invalid: () => ReplyError): number {
  return inDatabaseRange(context, parseInteger(text, invalid));
}

function select(context: CommandContext): Reply {
  const requested = parseInteger(context.arg(1), ReplyErrors.notInteger);
  if (requested !== 0) refuseInClusterMode(context, 'SELECT is not allowed in cluster mode');
  const index = inDatabaseRange(context, requested);
  if (context.session !== null) context.session.db = index;
  return 'OK';
}

function swapdb(context: CommandContext): Reply {
  refuseInClusterMode(context, 'SWAPDB is not allowed in cluster mode');
  const first = databaseIndex(context, context.arg(1), () => new ReplyError('ERR invalid first DB index'));
  const second = databaseIndex(context, context.arg(2), () => new ReplyError('ERR invalid second DB index'));
  if (first !== second) context.keyspace.swapDatabases(context.writeScope(), first, second);
  else context.markChanged();
  return 'OK';
}

function flush(all: boolean) {
  return (context: CommandContext): Reply => {
    if (context.argv.length > 2 || (context.argv.length === 2 && !/^(?:a?sync)$/i.test(context.arg(1)))) throw ReplyErrors.syntax();
    const indices = all ? context.keyspace.databases.map((_, index) => index) : [context.db];
    for (const index of indices) context.keyspace.flushDatabase(context.writeScope(), index);
    // The mode flag changes nothing observable here; propagate one canonical form.
    context.propagateAs([all ? 'FLUSHALL' : 'FLUSHDB']);
    return 'OK';
  };
}

function requireSession(context: CommandContext, name: string): CommandSession {
  if (context.session === null) throw new ReplyError(`ERR ${name} needs a session (Keyspace.session())`);
  return context.session;
}

/** Server and transaction commands: SELECT, SWAPDB, FLUSHDB, FLUSHALL, PING, ECHO, WAIT, MULTI, EXEC, DISCARD. */
export const serverCommands: CommandSpecification[] = [
  defineCommand({ name: 'select', arity: 2, flags: [], reply: 'status', run: select }),
  defineCommand({ name: 'swapdb', arity: 3, flags: ['write', 'keyless-write'], reply: 'status', run: swapdb }),
  defineCommand({ name: 'flushdb', arity: -1, flags: ['write', 'keyless-write'], reply: 'status', run: flush(false) }),
  defineCommand({ name: 'flushall', arity: -1, flags: ['write', 'keyless-write'], reply: 'status', run: flush(true) }),
  defineCommand({
    name: 'ping',
    arity: -1,
    flags: [],
    reply: (argv) => (argv.length > 1 ? 'bulk' : 'status'),
    run: (c) => {
      if (c.argv.length > 2) throw ReplyErrors.arity('ping');
      return c.argv.length === 2 ? c.arg(1) : 'PONG';
    },
  }),
  defineCommand({ name: 'echo', arity: 2, flags: [], run: (c) => c.arg(1) }),
  defineCommand({
    name: 'wait',
    arity: 3,
    flags: [],
    run: (c) => {
      parseBigInteger(c.arg(1));
      parseTimeout(c.arg(2), 'milliseconds');
      // An embedded keyspace has no replicas to acknowledge; a server answers with its own count.
      return 0;
    },
  }),
  defineCommand({
    name: 'multi',
    arity: 1,
    flags: ['transaction'],
    reply: 'status',
    run: (c) => {
      requireSession(c, 'MULTI').begin();
      return 'OK';
    },
  }),
  defineCommand({ name: 'exec', arity: 1, flags: ['transaction'], run: (c) => requireSession(c, 'EXEC').commit() }),
  defineCommand({
    name: 'discard',
    arity: 1,
    flags: ['transaction'],
    reply: 'status',
    run: (c) => {
      requireSession(c, 'DISCARD').discard();
      return 'OK';
    },
  }),
];
