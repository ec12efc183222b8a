import { describe, expect, it } from 'vitest';
import { ExitCode, type CliCommand } from '../../lib/cli/CliCommand.js';
import { commands } from '../../lib/cli/commands/index.js';
import { runCli } from '../../lib/cli/main.js';
import { integerOption } from '../../lib/cli/optionValues.js';
import { parseCommandLine } from '../../lib/cli/parseCommandLine.js';
import { UsageError } from '../../lib/cli/UsageError.js';
import { packageVersion } from '../../lib/cli/version.js';
import { runForkless } from './support/forklessProcess.js';

/** Runs the CLI in process and collects what it writes. */
async function cli(argv: string[], table: readonly CliCommand[] = commands) {
  const output = { stdout: '', stderr: '' };
  const io = { stdout: { write: (text: string) => (output.stdout += text) }, stderr: { write: (text: string) => (output.stderr += text) } };
  const status = await runCli(argv, io, new AbortController().signal, table);
  return { status, ...output };
}

const levels = ['', 'snapshot', ...commands.map((command) => command.name.join(' '))];

describe('forkless CLI dispatch', () => {
  it.each(levels)('--help and --version at "forkless %s" (stdout, exit 0)', async (level) => {
    const path = level === '' ? [] : level.split(' ');
    const help = await cli([...path, '--help']);
    expect(help).toMatchObject({ status: 0, stderr: '' });
    expect(help.stdout).toContain(`usage: forkless ${path.join(' ')}`.trim());
    expect(help.stdout.split('\n').every((line) => line.length < 80)).toBe(true);
    expect(await cli([...path, '-h'])).toEqual(help);
    expect(await cli([...path, '--version'])).toEqual({ status: 0, stdout: `forkless ${packageVersion()}\n`, stderr: '' });
  });

  it('a command help names every flag; the group help lists every command under it', async () => {
    for (const command of commands) {
      const help = (await cli([...command.name, '--help'])).stdout;
      for (const flag of Object.keys(command.options)) expect(help).toContain(`--${flag}`);
    }
    const snapshotHelp = (await cli(['snapshot', '--help'])).stdout;
    for (const command of commands.filter((candidate) => candidate.name[0] === 'snapshot')) expect(snapshotHelp).toContain(`  ${command.name[1]} `);
  });

  it.each([
    [[], "forkless: missing command (see 'forkless --help')"],
    [['snapshot'], "forkless snapshot: missing command (see 'forkless snapshot --help')"],
    [['frobnicate'], "forkless: unknown command 'frobnicate' (see 'forkless --help')"],
    [['snapshot', 'frobnicate', 'x'], "forkless snapshot: unknown command 'snapshot frobnicate' (see 'forkless snapshot --help')"],
    [['--verbose'], "forkless: unknown option --verbose (see 'forkless --help')"],
    [['snapshot', 'save', 'x.fkl', '--keys', '-5'], "forkless snapshot save: --keys must be a non-negative integer (got '-5') (see 'forkless snapshot save --help')"],
    [['snapshot', 'save', 'x.fkl', '--keys=many'], "forkless snapshot save: --keys must be a non-negative integer (got 'many') (see 'forkless snapshot save --help')"],
    [['snapshot', 'save', 'x.fkl', '--types', 'lists'], "forkless snapshot save: --types must be all or strings (got 'lists') (see 'forkless snapshot save --help')"],
    [['snapshot', 'save', 'x.fkl', '--bogus', '1'], "forkless snapshot save: unknown option --bogus (see 'forkless snapshot save --help')"],
    [['snapshot', 'save', 'x.fkl', '-k'], "forkless snapshot save: unknown option -k (see 'forkless snapshot save --help')"],
    [['snapshot', 'save', 'x.fkl', '--keys'], "forkless snapshot save: --keys needs a value (N) (see 'forkless snapshot save --help')"],
    [['snapshot', 'save', 'x.fkl', '--keys', '1', '--keys', '2'], "forkless snapshot save: --keys given twice (see 'forkless snapshot save --help')"],
    [['snapshot', 'inspect', 'x.fkl', '--json=yes'], "forkless snapshot inspect: --json takes no value (see 'forkless snapshot inspect --help')"],
    [['snapshot', 'save'], "forkless snapshot save: missing <file> (see 'forkless snapshot save --help')"],
    [['snapshot', 'verify', 'a', 'b'], "forkless snapshot verify: unexpected argument 'b' (see 'forkless snapshot verify --help')"],
    [['snapshot', 'fetch', '127.0.0.1:7379', 'x.fkl'], "forkless snapshot fetch: '127.0.0.1:7379' is not a URL (expected ws://host:port/) (see 'forkless snapshot fetch --help')"],
    [['follow', 'http://127.0.0.1:7379/'], "forkless follow: 'http://127.0.0.1:7379/' is not a ws:// or wss:// URL (see 'forkless follow --help')"],
  ])('usage error %j: exit 2 with one line', async (argv, line) => {
    expect(await cli(argv)).toEqual({ status: ExitCode.usage, stdout: '', stderr: `${line}\n` });
  });

  it('a new subcommand is one table row: groups, help and flag parsing come with it', async () => {
    const seen: unknown[] = [];
    const clusterCreate: CliCommand = {
      name: ['cluster', 'create'],
      summary: 'create a cluster',
      arguments: ['<host:port>...'],
      options: { replicaof: { type: 'string', arity: 2, value: 'host port', description: 'leader' }, save: { type: 'string', multiple: true, description: 'save points' } },
      run: async (commandLine) => (seen.push(commandLine), ExitCode.ok),
    };
    const table = [...commands.filter((command) => command.name.join(' ') !== 'cluster create'), clusterCreate];
    expect((await cli(['--help'], table)).stdout).toContain('  cluster create ');
    expect((await cli(['cluster', '--help'], table)).stdout).toContain('  create ');
    expect((await cli(['cluster', 'create', '--help'], table)).stdout).toContain('--replicaof host port');
    expect(await cli(['cluster', 'create', 'a:1', 'b:2', '--replicaof', 'h', '-1', '--save', '', '--save', '900 1'], table)).toMatchObject({ status: 0 });
    expect(seen).toEqual([{ positionals: ['a:1', 'b:2'], options: { replicaof: ['h', '-1'], save: ['', '900 1'] } }]);
    expect((await cli(['cluster', 'create'], table)).stderr).toBe("forkless cluster create: missing <host:port>... (see 'forkless cluster create --help')\n");
  });

  it('a command with rawArguments gets its arguments unparsed (redis-server style directives)', async () => {
    const seen: unknown[] = [];
    const server: CliCommand = {
      name: ['server'],
      summary: 'serve',
      arguments: ['[config-file]'],
      options: {},
      rawArguments: true,
      run: async (commandLine) => (seen.push(commandLine), ExitCode.ok),
    };
    // A stand-in in place of the real `server` row.
    const table = [...commands.filter((command) => command.name[0] !== 'server'), server];
    expect((await cli(['server', 'redis.conf', '--port', '7000', '--save', '900', '1'], table)).status).toBe(0);
    expect(seen).toEqual([{ positionals: ['redis.conf', '--port', '7000', '--save', '900', '1'], options: {} }]);
    expect((await cli(['server', '--help'], table)).stdout).toContain('usage: forkless server [config-file] [options]');
  });

  it('parses -- , negative numbers as positionals and --name=value', () => {
    const specs = { keys: { type: 'string', description: '' }, json: { type: 'boolean', description: '' } } as const;
    expect(parseCommandLine(['-5', '--keys=-7', '--json', '--', '--json'], specs)).toEqual({ positionals: ['-5', '--json'], options: { keys: '-7', json: true } });
    expect(() => integerOption({ positionals: [], options: { port: '70000' } }, 'port', 0, { min: 0, max: 65535 })).toThrow(
      new UsageError("--port must be an integer from 0 to 65535 (got '70000')"),
    );
  });

  it('a failing command prints forkless: CODE: message and exits 1', async () => {
    const result = await cli(['snapshot', 'load', '/nonexistent/dir/dump.fkl']);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^forkless: FORKLESS_ERR_SNAPSHOT_IO: .*\n$/);
  });

  it('the spawned executable: --version, --help on stdout, usage errors exit 2 in one line', async () => {
    expect(await runForkless(['--version'])).toEqual({ status: 0, stdout: `forkless ${packageVersion()}\n`, stderr: '' });
    const help = await runForkless(['snapshot', 'fetch', '--help']);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('usage: forkless snapshot fetch <ws-url> <file> [options]');
    expect(await runForkless(['snapshot', 'save', 'x.fkl', '--keys', '-5'])).toEqual({
      status: 2,
      stdout: '',
      stderr: "forkless snapshot save: --keys must be a non-negative integer (got '-5') (see 'forkless snapshot save --help')\n",
    });
  });
});
