import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { sharedModels } from './shared.js';

export { sharedModels };

export interface ModelMirror {
  server: Server;
  url: string;
  requests: string[];
  close(): Promise<void>;
}

/**
 * A model hub stand-in on loopback: serves the shared tiny models at
 * `/shelfwatch-test/<name>/resolve/<revision>/<file>`, the path transformers.js requests.
 */
export function startMirror(): Promise<ModelMirror> {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const m = /^\/shelfwatch-test\/([\w.-]+)\/resolve\/[^/]+\/(.+)$/.exec(req.url ?? '');
    const file = m ? path.join(sharedModels, m[1]!, decodeURIComponent(m[2]!)) : '';
    if (!m || !file.startsWith(sharedModels) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'content-length': statSync(file).size, 'content-type': 'application/octet-stream' });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  const close = async () => {
    // fetch keeps connections alive for seconds; close them so the caller does not wait on them.
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  };
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, requests, close })),
  );
}
