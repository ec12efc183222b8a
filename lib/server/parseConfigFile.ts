import { ForklessError } from '../errors.js';
import { findParameter } from './configParameters.js';
import { splitInlineArguments } from './splitInlineArguments.js';

/**
 * Reads a redis.conf-style text: one `directive value…` per line, `#` comments, quoting as Redis
 * (`save ""`); repeated `save` lines add rules, as in redis.conf. Unknown directives and bad lines
 * throw FORKLESS_ERR_INVALID_OPTION with the line number; values are checked by
 * {@link normalizeServerOptions}.
 *
 * @example
 * ```ts
 * parseConfigFile('port 7000\nsave 900 1\nsave 300 10\n'); // { port: '7000', save: '900 1 300 10' }
 * ```
 */
export function parseConfigFile(text: string): Record<string, string> {
  const directives: Record<string, string> = {};
  text.split(/\r?\n/).forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const words = splitInlineArguments(Buffer.from(trimmed, 'utf8'))?.map((word) => Buffer.from(word, 'latin1').toString('utf8'));
    const fail = (reason: string): never => {
      throw new ForklessError('FORKLESS_ERR_INVALID_OPTION', `config line ${index + 1} (${JSON.stringify(trimmed)}): ${reason}`, { line: index + 1 });
    };
    if (words === undefined) return fail('unbalanced quotes');
    const parameter = findParameter(words[0]!);
    if (parameter === undefined) return fail(`bad directive '${words[0]}'`);
    const value = words.slice(1).join(' ');
    if (parameter.name === 'save' && directives.save !== undefined && value !== '') directives.save = `${directives.save} ${value}`.trim();
    else directives[parameter.name] = value;
  });
  return directives;
}
