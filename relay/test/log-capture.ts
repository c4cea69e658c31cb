import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';

/** One line a logger wrote (pino JSON). */
export interface LogLine {
  level: number;
  msg: string;
  [field: string]: unknown;
}

/** A debug-level logger that keeps what it writes: `lines` parsed, `text` as written. */
export function captureLog(): { log: Logger; lines: LogLine[]; text: () => string } {
  const lines: LogLine[] = [];
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const written = chunk.toString();
      text += written;
      for (const line of written.split('\n'))
        if (line.trim() !== '') lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return { log: pino({ level: 'debug' }, sink), lines, text: () => text };
}
