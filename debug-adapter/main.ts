// The standalone entry point: the go-redefine debug adapter over stdin/stdout (what
// package.json's debuggers[].program runs), or on a TCP port with --server=PORT.

import * as net from 'net';
import { GoRedefineSession } from './session';

const sessions = new Set<GoRedefineSession>();

function serve(session: GoRedefineSession, input: NodeJS.ReadableStream, output: NodeJS.WritableStream): void {
  sessions.add(session);
  session.start(input, output);
}

const portArg = process.argv.find((a) => a.startsWith('--server='));
if (portArg) {
  const port = Number(portArg.slice('--server='.length));
  const server = net
    .createServer((socket) => {
      const session = new GoRedefineSession();
      session.setRunAsServer(true);
      socket.on('close', () => {
        session.shutdown();
        sessions.delete(session);
      });
      serve(session, socket, socket);
    })
    .listen(port, '127.0.0.1', () => {
      const actual = (server.address() as net.AddressInfo).port;
      process.stderr.write(`go-redefine debug adapter listening on 127.0.0.1:${actual}\n`);
    });
} else {
  serve(new GoRedefineSession(), process.stdin, process.stdout);
}

// The client may kill the adapter (DebugClient.stop() sends SIGTERM): kill our children first.
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  process.on(signal, () => {
    for (const s of sessions) s.killNow();
    process.exit(0);
  });
}
process.on('exit', () => {
  for (const s of sessions) s.killNow();
});
