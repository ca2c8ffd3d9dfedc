/**
 * Asking for a password on the terminal without echoing it.
 *
 * @module
 */
import type { CliIo } from './_io.js';

export function promptHidden(io: CliIo, question: string): Promise<string> {
  const input = io.stdin;
  if (!input) return Promise.reject(new Error('no terminal to ask for a password'));
  return new Promise((resolve, reject) => {
    io.stderr.write(question);
    const wasRaw = input.isRaw === true;
    input.setRawMode?.(true);
    input.resume();
    input.setEncoding('utf8');
    let value = '';
    const finish = (err?: Error) => {
      input.off('data', onData);
      input.setRawMode?.(wasRaw);
      input.pause();
      io.stderr.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: string) => {
      for (const ch of chunk) {
        if (ch === '\r' || ch === '\n') return finish();
        if (ch === '\u0003') return finish(new Error('interrupted'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    input.on('data', onData);
  });
}
