/**
 * Finds where JSON text goes wrong and turns byte offsets into line and column, so a bad `--data`
 * file is refused with "line 12, column 7" instead of V8's message, which in Node 20 sometimes
 * carries no position at all ("Unexpected token '}', … is not valid JSON").
 *
 * @module
 */

/** Character index of the first syntax error in `text`, or -1 when it is valid JSON. */
export function jsonErrorIndex(text: string): number {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\r\n'.includes(text[i] as string)) i++;
  };
  const fail = (): never => {
    throw new SyntaxAt(i);
  };
  const literal = (word: string) => {
    if (text.startsWith(word, i)) i += word.length;
    else fail();
  };
  const string = () => {
    i++;
    while (i < text.length && text[i] !== '"') {
      const code = text.charCodeAt(i);
      if (code < 0x20) fail();
      if (text[i] === '\\') {
        i++;
        if (text[i] === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail();
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? 'x')) fail();
      }
      i++;
    }
    if (i >= text.length) fail();
    i++;
  };
  const number = () => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (!m) fail();
    i += (m as RegExpExecArray)[0].length;
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') return void i++;
      for (;;) {
        ws();
        if (text[i] !== '"') fail();
        string();
        ws();
        if (text[i] !== ':') fail();
        i++;
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') return void i++;
        else fail();
      }
    } else if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') return void i++;
      for (;;) {
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') return void i++;
        else fail();
      }
    } else if (c === '"') string();
    else if (c === 't') literal('true');
    else if (c === 'f') literal('false');
    else if (c === 'n') literal('null');
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) number();
    else fail();
  };
  try {
    value();
    ws();
    return i < text.length ? i : -1;
  } catch (err) {
    if (err instanceof SyntaxAt) return err.index;
    // Pathologically deep nesting: the caller falls back to the start of the value.
    return 0;
  }
}

class SyntaxAt {
  constructor(readonly index: number) {}
}

/** 1-based line and column (in characters) of a byte offset in a UTF-8 buffer. */
export function lineColumn(buf: Buffer, byteOffset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  const end = Math.min(byteOffset, buf.length);
  for (let i = buf.indexOf(10, 0); i >= 0 && i < end; i = buf.indexOf(10, i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: buf.toString('utf8', lineStart, end).length + 1 };
}

/** V8's JSON.parse message without its position and echo of the input. */
export function syntaxMessage(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.replace(/, ".*" is not valid JSON$/s, '').replace(/ in JSON at position \d+.*$/s, '');
}
