// Bench 5's servers in a process of their own: the same grants API mounted by grantsRouter on
// Express 5, and called straight from a bare node:http handler (no router), over one Grantkit.
import { createServer } from 'node:http';
import express from 'express';
import { createGrantkit, createGrantsApi, GRANTS_ROUTES } from '@grantkit/core';
import { grantsRouter } from '@grantkit/express';
import { ATOMICWORK_SEED_IDS, startAtomicworkFake } from '@grantkit/testing';

const fake = await startAtomicworkFake();
const grantkit = createGrantkit({ providers: { atomicwork: { baseUrl: fake.url, apiKey: fake.apiKey, workspaceId: fake.workspaceId } } });
const { grant } = await grantkit.grant({ provider: 'atomicwork', subject: { userId: ATOMICWORK_SEED_IDS.users.ada }, target: { entitlementId: ATOMICWORK_SEED_IDS.entitlements.githubEngineering } });
const options = {
  authenticate: (req) => (req.headers.authorization === 'Bearer bench-token' ? { id: 'bench' } : null),
  authorize: () => true,
};

const app = express();
app.use('/api', grantsRouter(grantkit, options));

const api = createGrantsApi(grantkit, options);
const getGrant = GRANTS_ROUTES.find((r) => r.id === 'getGrant');
const bare = (req, res) => {
  const match = /^\/api\/grants\/([^/?]+)(?:\?(.*))?$/.exec(req.url ?? '');
  if (!match || req.method !== 'GET') {
    res.writeHead(404).end();
    return;
  }
  void api
    .run(getGrant, { params: { id: decodeURIComponent(match[1]) }, query: Object.fromEntries(new URLSearchParams(match[2] ?? '')), headers: req.headers, baseUrl: '/api' }, req)
    .then((result) => {
      res.writeHead(result.status, result.headers);
      res.end(JSON.stringify(result.body));
    });
};

// Reference pair: what Express itself costs over node:http, on a fixed JSON body of the same size.
const fixed = JSON.stringify((await api.run(getGrant, { params: { id: grant.id }, query: {}, headers: { authorization: 'Bearer bench-token' }, baseUrl: '/api' }, { headers: { authorization: 'Bearer bench-token' } })).body);
const hello = express();
hello.get('/api/grants/:id', (_req, res) => {
  res.setHeader('content-type', 'application/json');
  res.send(fixed);
});
const bareHello = (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(fixed);
};

const listen = (handler) => new Promise((resolve) => { const s = createServer(handler); s.keepAliveTimeout = 10_000; s.listen(0, '127.0.0.1', () => resolve(s)); });
const [expressServer, bareServer, helloServer, bareHelloServer] = await Promise.all([listen(app), listen(bare), listen(hello), listen(bareHello)]);
const url = (s) => `http://127.0.0.1:${s.address().port}`;
process.on('disconnect', () => process.exit(0));
process.send({ ready: { express: url(expressServer), bare: url(bareServer), hello: url(helloServer), bareHello: url(bareHelloServer), grantId: grant.id } });
process.on('SIGINT', () => process.exit(0));
