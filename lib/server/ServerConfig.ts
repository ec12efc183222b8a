import { compileGlob } from '../keyspace/commands/glob.js';
import { CONFIG_PARAMETERS, findParameter, type ParameterValue } from './configParameters.js';

/**
 * The live configuration of a server (what CONFIG GET shows and CONFIG SET changes), by canonical
 * directive name. Listeners hear about every change.
 *
 * @example
 * ```ts
 * const config = new ServerConfig();
 * config.set('hash-max-ziplist-entries', '256'); // alias of hash-max-listpack-entries
 * config.number('hash-max-listpack-entries'); // 256
 * ```
 */
export class ServerConfig {
  private readonly values = new Map<string, ParameterValue>();
  private readonly listeners: ((name: string) => void)[] = [];

  constructor() {
    for (const parameter of CONFIG_PARAMETERS) this.values.set(parameter.name, parameter.defaultValue);
  }

  /**
   * Sets a directive from its text. Throws an Error with Redis's reason for an unknown name
   * (`unknown`), a value that does not parse, or an immutable directive when `starting` is false.
   */
  set(name: string, text: string, starting = false): void {
    const parameter = findParameter(name);
    if (parameter === undefined) throw new UnknownParameterError(name);
    if (!parameter.mutable && !starting) throw new Error("can't set immutable config");
    this.values.set(parameter.name, parameter.parse(text, this.values.get(parameter.name)!));
    for (const listener of this.listeners) listener(parameter.name);
  }

  /** Calls `listener` with the canonical name after each change. */
  onChange(listener: (name: string) => void): void {
    this.listeners.push(listener);
  }

  /** A directive's value as CONFIG GET shows it (by name or alias). */
  text(name: string): string {
    return String(this.values.get(name) ?? this.values.get(findParameter(name)?.name ?? name) ?? '');
  }

  number(name: string): number {
    return Number(this.values.get(name) ?? this.values.get(findParameter(name)?.name ?? name));
  }

  /** A directive given in seconds, in ms, at most `cap` (a timer's limit). */
  milliseconds(name: string, cap: number): number {
    return Math.min(this.number(name) * 1000, cap);
  }

  /** CONFIG GET: `[name, value]` pairs whose name (or alias, matched exactly) fits one of the patterns. */
  matching(patterns: readonly string[]): [string, string][] {
    const found = new Map<string, string>();
    for (const pattern of patterns) {
      const matches = compileGlob(pattern.toLowerCase());
      for (const parameter of CONFIG_PARAMETERS) {
        if (matches(parameter.name)) found.set(parameter.name, this.text(parameter.name));
        for (const alias of parameter.aliases ?? []) if (alias === pattern.toLowerCase()) found.set(alias, this.text(parameter.name));
      }
    }
    return [...found];
  }

  /** Every directive whose value differs from its default, for CONFIG REWRITE. */
  changed(): [string, string][] {
    return CONFIG_PARAMETERS.filter((parameter) => parameter.defaultValue !== this.values.get(parameter.name)).map((parameter) => [parameter.name, this.text(parameter.name)]);
  }
}

/** Thrown by {@link ServerConfig.set} for a name that is no directive. */
export class UnknownParameterError extends Error {
  constructor(readonly parameter: string) {
    super(`unknown directive '${parameter}'`);
  }
}
