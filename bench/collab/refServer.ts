import { createServer } from 'node:http';
import { setupWSConnection } from '@y/websocket-server/utils';
import { WebSocketServer } from 'ws';

/**
 * The reference y-websocket server (@y/websocket-server@0.1.1), set up exactly as its own `server.js`:
 * default in-memory documents, no persistence, no authentication. Started by run.ts as a child process;
 * prints `READY <port>` and exits when the parent goes away.
 */
const port = Number(process.env.PORT ?? '0');
const wss = new WebSocketServer({ noServer: true });
const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('okay');
});
wss.on('connection', setupWSConnection);
server.on('upgrade', (req, socket, head) => {
  wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
});
server.listen(port, '127.0.0.1', () => {
  const addr = server.address();
  process.stdout.write(`READY ${typeof addr === 'object' && addr ? addr.port : port}\n`);
});
const stop = () => process.exit(0);
process.on('disconnect', stop);
process.on('SIGTERM', stop);
// Never outlive a benchmark run, whatever happens to the parent.
setTimeout(stop, Number(process.env.BENCH_MAX_LIFETIME_MS ?? 20 * 60_000)).unref();
