/**
 * A bare `ws` server for the host calibration (see host-calibration.ts): it only counts the
 * binary messages it receives. No auth, no parsing, no reply: the least any relay on Node and
 * `ws` does per microphone frame. Tells its port over IPC, then answers each `mark` with its
 * CPU time so far and the messages counted, until `stop`.
 */
import { WebSocketServer } from 'ws';
import type { BareWsMark, FromBareWs, ToBareWs } from './bare-ws-ipc.ts';

const send = (m: FromBareWs) => process.send?.(m);
let messages = 0;
const wss = new WebSocketServer({ host: '127.0.0.1', port: 0, maxPayload: 64 * 1024 });
wss.on('connection', (ws) => {
  ws.on('message', () => messages++);
  ws.on('error', () => ws.terminate());
});
wss.on('listening', () => {
  const address = wss.address();
  if (address !== null && typeof address === 'object') send({ type: 'ready', port: address.port });
});
process.on('message', (request: ToBareWs) => {
  if (request.type === 'stop') process.exit(0);
  const cpu = process.cpuUsage();
  const mark: BareWsMark = { cpuUs: cpu.user + cpu.system, messages };
  send({ type: 'mark', mark });
});
// The parent going away ends the calibration.
process.on('disconnect', () => process.exit(0));
