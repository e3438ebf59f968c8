import * as assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import { BackstageSourceError, loadBackstageCatalog } from '../../src/sources/backstageCatalog';
import { backstageFetch } from '../../src/sources/backstageFetch';
import { EXAMPLE_ENTITIES, EXAMPLE_FILES, generatedComponents, startBackstage, type BackstageServer } from './backstageFixture';

// loadBackstageCatalog against the real Backstage backend of test/backstage/,
// with Backstage's examples plus generated Components so that loading takes
// several pages.

const GENERATED = 2000;
/** The examples' entities, the generated ones and the Location Backstage adds for their file. */
const EXPECTED = EXAMPLE_ENTITIES + GENERATED + 1;
const PAGE = 500;

interface Page {
  items: Entity[];
  totalItems: number;
  pageInfo: { nextCursor?: string };
}

const refOf = (e: Entity) => `${e.kind.toLowerCase()}:${e.metadata.namespace ?? 'default'}/${e.metadata.name}`;

async function rejection(promise: Promise<unknown>): Promise<BackstageSourceError> {
  const err = await promise.then(
    () => assert.fail('expected the load to fail'),
    (e: unknown) => e,
  );
  assert.ok(err instanceof BackstageSourceError, `a BackstageSourceError, not ${String(err)}`);
  return err;
}

/** A loopback HTTP server of the test's own, for what Backstage cannot be made to do on demand. */
async function loopback(handle: (req: IncomingMessage, res: ServerResponse) => void) {
  const requests: IncomingMessage[] = [];
  const server = createServer((req, res) => {
    requests.push(req);
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** An error body as Backstage's backends send it. */
const backstageError = (statusCode: number, message: string) =>
  JSON.stringify({ error: { name: 'InputError', message }, request: { method: 'GET', url: '/' }, response: { statusCode } });
const page = (items: unknown[], nextCursor?: string) => JSON.stringify({ items, totalItems: items.length, pageInfo: { nextCursor } });

describe('loadBackstageCatalog from a real Backstage backend', function () {
  this.timeout(3 * 60_000);
  let server: BackstageServer;
  let dir: string;
  let total: number;
  const load = (o: Partial<Parameters<typeof loadBackstageCatalog>[0]> = {}) =>
    loadBackstageCatalog({ baseUrl: server.baseUrl, token: server.token, pageSize: PAGE, ...o });

  before(async function () {
    this.timeout(10 * 60_000);
    dir = await mkdtemp(path.join(tmpdir(), 'greenroom-generated-'));
    const generated = path.join(dir, 'generated.yaml');
    await writeFile(generated, generatedComponents(GENERATED));
    server = await startBackstage({
      catalogFiles: [...EXAMPLE_FILES, generated],
      expectedEntities: EXPECTED,
      ingestTimeoutMs: 5 * 60_000,
    });
    const res = await fetch(`${server.baseUrl}/api/catalog/entities/by-query?limit=10000`, { headers: { authorization: `Bearer ${server.token}` } });
    const all = (await res.json()) as Page;
    assert.equal(all.items.length, all.totalItems, 'one unpaged page holds everything');
    total = all.totalItems;
  });
  after(async () => {
    await server?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('loads every entity, page by page, with relations', async () => {
    assert.ok(total >= EXPECTED, `${total} entities`);
    const entities = await load();
    assert.equal(entities.length, total);
    assert.equal(new Set(entities.map(refOf)).size, total, 'no entity twice');
    const generated = entities.find((e) => e.metadata.name === 'generated-1999');
    assert.ok(generated?.relations?.some((r) => r.type === 'ownedBy' && r.targetRef === 'group:default/team-a'));
  });

  it('fetches only the requested fields', async () => {
    const entities = await load({ fields: ['kind', 'metadata.name'] });
    assert.equal(entities.length, total);
    for (const e of entities) {
      assert.deepEqual(Object.keys(e).sort(), ['kind', 'metadata']);
      assert.deepEqual(Object.keys(e.metadata), ['name']);
    }
  });

  it('reports progress after each page', async () => {
    const calls: [number, number | undefined][] = [];
    await load({ onProgress: (loaded, of) => calls.push([loaded, of]) });
    assert.equal(calls.length, Math.ceil(total / PAGE));
    assert.deepEqual(calls.at(-1), [total, total]);
    assert.ok(calls.every(([loaded], i) => i === 0 || loaded > calls[i - 1][0]), 'growing');
  });

  it('says to sign in again when the token is wrong', async () => {
    const err = await rejection(load({ token: 'not-the-token' }));
    assert.equal(err.kind, 'unauthorized');
    assert.equal(err.status, 401);
    assert.match(err.message, /answered 401: the token was not accepted\. Sign in again/);
  });

  it('says to check the base URL when it does not lead to the catalog API', async () => {
    const err = await rejection(load({ baseUrl: `${server.baseUrl}/nope` }));
    assert.ok(err.kind === 'not-found' || err.kind === 'not-catalog-api', err.kind);
    assert.match(err.message, /Check the base URL/);
  });

  it('stops with "aborted" when the signal aborts', async () => {
    const controller = new AbortController();
    const err = await rejection(load({ signal: controller.signal, onProgress: () => controller.abort() }));
    assert.equal(err.kind, 'aborted');
    assert.equal((await rejection(load({ signal: AbortSignal.abort() }))).kind, 'aborted');
  });

  it('is "unreachable" on a port where nothing listens, after its retries', async () => {
    const closed = await loopback(() => undefined);
    await closed.close();
    const started = Date.now();
    const err = await rejection(load({ baseUrl: closed.url, retries: 2 }));
    assert.equal(err.kind, 'unreachable');
    assert.match(err.message, /ECONNREFUSED.*Check that the backend is running/);
    assert.ok(Date.now() - started >= 250 + 500, 'waited between attempts');
  });

  describe('the token never leaves Backstage\'s origin', () => {
    it('refuses a request to another origin, which never sees it', async () => {
      const other = await loopback((_req, res) => res.end('{}'));
      try {
        const bound = backstageFetch({ baseUrl: server.baseUrl, token: server.token, timeoutMs: 5000 });
        const err = await rejection(bound(`${other.url}/api/catalog/entities/by-query`));
        assert.equal(err.kind, 'other-origin');
        assert.equal(other.requests.length, 0);
      } finally {
        await other.close();
      }
    });

    it('does not follow a redirect to another origin', async () => {
      const other = await loopback((_req, res) => res.end(page([])));
      // Stands in for a proxy in front of Backstage that redirects elsewhere.
      const redirecting = await loopback((_req, res) => res.writeHead(302, { location: `${other.url}/login` }).end());
      try {
        const err = await rejection(load({ baseUrl: redirecting.url, token: 'secret' }));
        assert.equal(err.kind, 'not-catalog-api');
        assert.equal(redirecting.requests[0].headers.authorization, 'Bearer secret', 'the bound origin does get it');
        assert.equal(other.requests.length, 0);
      } finally {
        await Promise.all([other.close(), redirecting.close()]);
      }
    });
  });

  // Backstage cannot be made slow, rate-limited or failing on demand, nor be
  // replaced by something else: these use loopback servers of the test's own.
  describe('against servers that misbehave', () => {
    it('times out on a server that answers too slowly', async () => {
      const slow = await loopback((_req, res) => setTimeout(() => res.end(page([])), 5000));
      try {
        const started = Date.now();
        const err = await rejection(load({ baseUrl: slow.url, timeoutMs: 200, retries: 1 }));
        assert.equal(err.kind, 'timeout');
        assert.match(err.message, /did not answer in time/);
        assert.equal(slow.requests.length, 2, 'retried once');
        assert.ok(Date.now() - started < 4000, 'did not wait for the answer');
      } finally {
        await slow.close();
      }
    });

    it('retries 503 and 429, honouring Retry-After', async () => {
      const answers = [503, 429];
      const flaky = await loopback((_req, res) => {
        const status = answers.shift();
        if (status) res.writeHead(status, { 'retry-after': status === 429 ? '1' : '0', 'content-type': 'application/json' }).end('{}');
        else res.end(page([{ kind: 'Component', metadata: { name: 'a' } }]));
      });
      try {
        const started = Date.now();
        const entities = await load({ baseUrl: flaky.url });
        assert.equal(entities.length, 1);
        assert.equal(flaky.requests.length, 3);
        assert.ok(Date.now() - started >= 1000, 'waited as Retry-After asked');
      } finally {
        await flaky.close();
      }
    });

    it('does not retry other 4xx, and gives up on 5xx after its retries', async () => {
      const status = { code: 400 };
      const failing = await loopback((_req, res) => res.writeHead(status.code, { 'content-type': 'application/json' }).end(backstageError(status.code, 'bad fields')));
      try {
        const bad = await rejection(load({ baseUrl: failing.url }));
        assert.equal(bad.kind, 'bad-request');
        assert.match(bad.message, /400: bad fields/);
        assert.equal(failing.requests.length, 1);
        status.code = 500;
        const broken = await rejection(load({ baseUrl: failing.url, retries: 1 }));
        assert.equal(broken.kind, 'server-error');
        assert.equal(broken.status, 500);
        assert.equal(failing.requests.length, 3);
      } finally {
        await failing.close();
      }
    });

    it('is "not-catalog-api" on a server that answers something else', async () => {
      const site = await loopback((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>hello</html>'));
      const json = await loopback((_req, res) => res.end('{"hello":"world"}'));
      try {
        for (const other of [site, json]) {
          const err = await rejection(load({ baseUrl: other.url }));
          assert.equal(err.kind, 'not-catalog-api');
          assert.match(err.message, /not the Backstage catalog API\. Check that the base URL/);
        }
      } finally {
        await Promise.all([site.close(), json.close()]);
      }
    });
  });

  // Last (mocha runs nested suites after the tests above): it stops the backend.
  describe('when the backend dies', () => {
    it('fails cleanly as "unreachable" mid-load', async () => {
      let requests = 0;
      const dying: typeof fetch = async (input, init) => {
        if (++requests === 2) await server.stop();
        return fetch(input, init);
      };
      const started = Date.now();
      const err = await rejection(load({ fetch: dying }));
      assert.equal(err.kind, 'unreachable');
      assert.ok(Date.now() - started < 15_000, 'no hang');
    });
  });
});
