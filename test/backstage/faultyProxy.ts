import { createServer, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback proxy in front of the real backend, for the network and gateway troubles a test needs
 * with Backstage's own answers otherwise: each request can be held for a while, and the next few can
 * be answered by the "gateway" with an error status instead, and the requests to one path can be given
 * an answer of the test's own (a hostile Backstage). When the backend is gone, the connection is
 * dropped, as a dead host's would be.
 */
export async function faultyProxy(target: string) {
  let delayMs = 0;
  let failures: { count: number; status: number; headers: Record<string, string> } = { count: 0, status: 0, headers: {} };
  let forged: { path: string; body: string } | undefined;
  const upstream = new URL(target);
  const server = createServer((req, res) => {
    if (forged && (req.url ?? '').split('?')[0] === forged.path) {
      res.writeHead(200, { 'content-type': 'application/json' }).end(forged.body);
      return;
    }
    if (failures.count > 0) {
      failures.count--;
      res.writeHead(failures.status, { 'content-type': 'text/plain', ...failures.headers }).end(`gateway answered ${failures.status}`);
      return;
    }
    setTimeout(() => {
      const forward = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      forward.on('error', () => res.destroy());
      req.pipe(forward);
    }, delayMs);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setDelay(ms: number) {
      delayMs = ms;
    },
    /** The next `count` requests get `status` from the proxy itself. */
    failNext(count: number, status: number, headers: Record<string, string> = {}) {
      failures = { count, status, headers };
    },
    /** Every request to `path` (query aside) is answered with `body` as JSON, until reset. */
    answer(path: string, body: string) {
      forged = { path, body };
    },
    reset() {
      forged = undefined;
      delayMs = 0;
      failures = { count: 0, status: 0, headers: {} };
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
