// Debug Adapter Protocol framing (`Content-Length: N\r\n\r\n{json}`) over a byte stream,
// used for the connection to Delve. Knows the framing, not the messages.

import { EventEmitter } from 'events';
import { Readable, Writable } from 'stream';

export type Message = { seq: number; type: string; [key: string]: unknown };

/** Reads and writes framed messages. Emits 'message' (Message), 'close', 'error' (Error). */
export class MessageStream extends EventEmitter {
  private buffer = Buffer.alloc(0);
  private closed = false;

  constructor(
    input: Readable,
    private readonly output: Writable,
  ) {
    super();
    input.on('data', (d: Buffer) => this.receive(d));
    input.on('close', () => this.close());
    input.on('end', () => this.close());
    input.on('error', (e) => this.emit('error', e));
    output.on('error', (e) => this.emit('error', e));
  }

  send(message: Message): void {
    if (this.closed) return;
    const json = JSON.stringify(message);
    this.output.write(`Content-Length: ${Buffer.byteLength(json, 'utf8')}\r\n\r\n${json}`);
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.emit('close');
  }

  private receive(data: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, data]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const m = /Content-Length:\s*(\d+)/i.exec(header);
      if (!m) {
        this.emit('error', new Error(`bad DAP header from Delve: ${header}`));
        this.buffer = this.buffer.subarray(headerEnd + 4);
        continue;
      }
      const length = +m[1];
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      try {
        this.emit('message', JSON.parse(body) as Message);
      } catch (e) {
        this.emit('error', new Error(`bad DAP message from Delve: ${(e as Error).message}`));
      }
    }
  }
}
