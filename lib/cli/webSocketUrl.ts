import { UsageError } from './UsageError.js';

/**
 * Checks a leader address given on the command line: a `ws://` or `wss://` URL.
 *
 * @example
 * ```ts
 * webSocketUrl('ws://127.0.0.1:7379/'); // 'ws://127.0.0.1:7379/'
 * webSocketUrl('127.0.0.1:7379');       // throws UsageError
 * ```
 */
export function webSocketUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`'${text}' is not a URL (expected ws://host:port/)`);
  }
  if (url.protocol !== 'ws:' && url.protocol !== 'wss:') throw new UsageError(`'${text}' is not a ws:// or wss:// URL`);
  return text;
}
