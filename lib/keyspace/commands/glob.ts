/**
 * Valkey's glob matching (`stringmatchlen`): `*`, `?`, `[abc]`, `[^a-z]`, and `\` escapes, on byte
 * strings. Compiled to a regular expression once per pattern.
 */
export function compileGlob(pattern: string): (subject: string) => boolean {
  let source = '^';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index]!;
    if (char === '*') source += '[\\s\\S]*';
    else if (char === '?') source += '[\\s\\S]';
    else if (char === '\\' && index + 1 < pattern.length) source += escapeForRegex(pattern[++index]!);
    else if (char === '[') {
      const close = findClass(pattern, index);
      if (close === -1) source += escapeForRegex(char);
      else {
        source += classSource(pattern.slice(index + 1, close));
        index = close;
      }
    } else source += escapeForRegex(char);
  }
  const regex = new RegExp(source + '$');
  return (subject) => regex.test(subject);
}

function findClass(pattern: string, open: number): number {
  for (let index = open + 1; index < pattern.length; index++) {
    if (pattern[index] === '\\') index++;
    else if (pattern[index] === ']' && index > open + 1) return index;
  }
  return -1;
}

function classSource(body: string): string {
  let negate = false;
  if (body.startsWith('^')) {
    negate = true;
    body = body.slice(1);
  }
  let source = '';
  for (let index = 0; index < body.length; index++) {
    let char = body[index]!;
    if (char === '\\' && index + 1 < body.length) char = body[++index]!;
    if (body[index + 1] === '-' && index + 2 < body.length) {
      const end = body[index + 2]!;
      const [low, high] = char <= end ? [char, end] : [end, char];
      source += `${escapeForClass(low)}-${escapeForClass(high)}`;
      index += 2;
    } else source += escapeForClass(char);
  }
  return `[${negate ? '^' : ''}${source}]`;
}

function escapeForRegex(char: string): string {
  return char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function escapeForClass(char: string): string {
  return char.replace(/[\]\\^-]/g, '\\$&');
}
