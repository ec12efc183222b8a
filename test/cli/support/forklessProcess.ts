import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repositoryRoot = fileURLToPath(new URL('../../..', import.meta.url));
export const bin = `${repositoryRoot}bin/forkless.js`;

/** A running `forkless` process with its output so far; never blocks the test's event loop. */
export interface ForklessProcess {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  /** Resolves once `pattern` appears in stdout or stderr. */
  waitForOutput(pattern: RegExp): Promise<void>;
  /** Resolves to the exit status once the process ended. */
  readonly exited: Promise<number | null>;
}

/**
 * Starts the real executable with plain node, as `npx forkless` does (asynchronously, so a
 * leader running inside the test keeps serving it).
 */
export function startForkless(args: readonly string[], env: Record<string, string> = {}, command: readonly string[] = [process.execPath, bin]): ForklessProcess {
  const [file, ...prefix] = command;
  const child = spawn(file!, [...prefix, ...args], { cwd: repositoryRoot, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const result: ForklessProcess = {
    child,
    stdout: '',
    stderr: '',
    waitForOutput: (pattern) => new Promise((resolve) => (pattern.test(result.stdout + result.stderr) ? resolve() : waiters.push({ pattern, resolve }))),
    exited: new Promise((resolve) => child.once('close', (status) => resolve(status))),
  };
  const check = () => {
    for (const waiter of [...waiters]) {
      if (waiter.pattern.test(result.stdout + result.stderr)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };
  child.stdout!.on('data', (data: Buffer) => ((result.stdout += data.toString('utf8')), check()));
  child.stderr!.on('data', (data: Buffer) => ((result.stderr += data.toString('utf8')), check()));
  return result;
}

/** Runs `forkless args…` to the end. */
export async function runForkless(args: readonly string[], env: Record<string, string> = {}): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const run = startForkless(args, env);
  const status = await run.exited;
  return { status, stdout: run.stdout, stderr: run.stderr };
}

/**
 * Runs `forkless args…` on a real pseudo-terminal of `columns` columns (util-linux `script`), so
 * stderr is a TTY as in an interactive shell; the output is the terminal's (stdout and stderr).
 */
export function startForklessOnTerminal(args: readonly string[], columns: number, env: Record<string, string> = {}): ForklessProcess {
  const quoted = [process.execPath, bin, ...args].map((word) => `'${word.replaceAll("'", "'\\''")}'`).join(' ');
  return startForkless([], env, ['script', '-qefc', `stty cols ${columns} rows 24; exec ${quoted}`, '/dev/null']);
}

/** The lines a terminal would show at some moment: the text between carriage returns and newlines, without escape sequences. */
export function terminalSegments(output: string): string[] {
  return output
    .replace(/\x1b\[[0-9;]*[A-Za-z]/g, '')
    .split(/[\r\n]+/)
    .filter((segment) => segment.length > 0);
}
