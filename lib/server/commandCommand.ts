import { compileGlob } from '../keyspace/commands/glob.js';
import type { Client } from './Client.js';
import type { CommandLookup, ResolvedCommand, ServerCommand, ServerCommandCall } from './ServerCommand.js';
import { subcommands } from './subcommands.js';

function flagsOf(resolved: ResolvedCommand): string[] {
  if (resolved.kind === 'server') {
    const flags: string[] = resolved.command.flags.filter((flag) => flag !== 'control' && flag !== 'noauth');
    return resolved.command.flags.includes('noauth') ? [...flags, 'no_auth'] : flags;
  }
  return [...resolved.command.flags].filter((flag) => flag === 'write' || flag === 'readonly' || flag === 'blocking');
}

/** Key positions of a command, as (first, last, step), probed from its key specification. */
function keyPositions(resolved: ResolvedCommand): [number, number, number] {
  if (resolved.kind !== 'keyspace') return [0, 0, 0];
  const probe = (length: number) => {
    const argv = [resolved.command.name, ...Array.from({ length: length - 1 }, (_, index) => `a${index + 1}`)];
    try {
      return resolved.command.keys(argv, 0).map(({ key }) => argv.indexOf(key));
    } catch {
      return [];
    }
  };
  const short = probe(13);
  const long = probe(15);
  if (short.length === 0) return [0, 0, 0];
  const first = short[0]!;
  const step = short.length > 1 ? short[1]! - first : 1;
  // Keys that grow with the arguments count from the end (-1: the last argument); a step that
  // would pass the end also reads as -1 (MSET).
  const fromEnd = long.at(-1)! - 15;
  const last = long.at(-1) === short.at(-1) ? short.at(-1)! : fromEnd + step > -1 ? -1 : fromEnd;
  return [first, last, step];
}

function groupOf(resolved: ResolvedCommand): string {
  return resolved.kind === 'server' ? resolved.command.group : 'keyspace';
}

function writeInfo(commands: CommandLookup, client: Client, name: string): void {
  const resolved = commands.resolve(name);
  if (resolved === undefined) return client.writer.nil(true);
  const writer = client.writer;
  writer.arrayHeader(10);
  writer.bulk(name);
  writer.integer(resolved.command.arity);
  const flags = flagsOf(resolved);
  writer.setHeader(flags.length);
  for (const flag of flags) writer.simple(flag);
  for (const position of keyPositions(resolved)) writer.integer(position);
  writer.setHeader(0);
  writer.setHeader(0);
  writer.arrayHeader(0);
  writer.arrayHeader(0);
}

function getkeys({ server, client, args }: ServerCommandCall): void {
  const name = args[2]!.toLowerCase();
  const resolved = server.commands.resolve(name);
  if (resolved === undefined) return client.writer.error('ERR Invalid command specified');
  const arity = resolved.command.arity;
  const count = args.length - 2;
  if ((arity > 0 && count !== arity) || count < -arity) return client.writer.error('ERR Invalid number of arguments specified for command');
  const keys = resolved.kind === 'keyspace' ? resolved.command.keys(args.slice(2), client.session.db) : [];
  if (keys.length === 0) return client.writer.error('ERR The command has no key arguments');
  client.writer.arrayHeader(keys.length);
  for (const { key } of keys) client.writer.bulk(key);
}

const command = subcommands(
  'command',
  {
    count: {
      arity: 2,
      run: ({ server, client }) => client.writer.integer(server.commands.names().length),
      help: ['COUNT', '    Return the total number of commands in this Redis server.'],
    },
    list: {
      arity: -2,
      run: ({ server, client, args }) => {
        let names = server.commands.names();
        if (args.length === 5 && args[2]!.toLowerCase() === 'filterby' && args[3]!.toLowerCase() === 'pattern') names = names.filter(compileGlob(args[4]!));
        else if (args.length === 5 && args[2]!.toLowerCase() === 'filterby') names = args[3]!.toLowerCase() === 'aclcat' ? names : [];
        else if (args.length !== 2) return client.writer.error('ERR syntax error');
        client.writer.arrayHeader(names.length);
        for (const name of names) client.writer.bulk(name);
      },
      help: ['LIST', '    Return a list of all commands in this Redis server.'],
    },
    info: {
      arity: -2,
      run: ({ server, client, args }) => {
        const names = args.length > 2 ? args.slice(2).map((name) => name.toLowerCase()) : server.commands.names();
        client.writer.arrayHeader(names.length);
        for (const name of names) writeInfo(server.commands, client, name);
      },
      help: [
        'INFO [<command-name> ...]',
        '    Return details about multiple Redis commands.',
        '    If no command names are given, documentation details for all',
        '    commands are returned.',
      ],
    },
    docs: {
      arity: -2,
      run: ({ server, client, args }) => {
        const names = (args.length > 2 ? args.slice(2).map((name) => name.toLowerCase()) : server.commands.names()).filter((name) => server.commands.resolve(name) !== undefined);
        client.writer.mapHeader(names.length);
        for (const name of names) {
          client.writer.bulk(name);
          client.writer.mapHeader(2);
          client.writer.bulk('summary');
          client.writer.bulk('');
          client.writer.bulk('group');
          client.writer.bulk(groupOf(server.commands.resolve(name)!));
        }
      },
      help: [
        'DOCS [<command-name> ...]',
        '    Return documentation details about multiple Redis commands.',
        '    If no command names are given, documentation details for all',
        '    commands are returned.',
      ],
    },
    getkeys: { arity: -4, run: getkeys, help: ['GETKEYS <full-command>', '    Return the keys from a full Redis command.'] },
  },
  ['(no subcommand)', '    Return details about all Redis commands.'],
);

/** COMMAND [COUNT | LIST | INFO | DOCS | GETKEYS | HELP], from the command tables.
 *
 * @example
 * ```ts
 * commandCommand.name; // 'command'
 * ```
 */
export const commandCommand: ServerCommand = {
  name: 'command',
  arity: -1,
  flags: ['loading', 'stale'],
  group: 'server',
  subcommands: command.subcommands,
  run: (call) => {
    if (call.args.length > 1) return command.run(call);
    const names = call.server.commands.names();
    call.client.writer.arrayHeader(names.length);
    for (const name of names) writeInfo(call.server.commands, call.client, name);
  },
};
