// The reference side of the first-pull benchmark (ARCHITECTURE.md, "Speed"), and a fast loader that
// seeds a server for it. Each mode prints one JSON line {"docs": N, "ms": T} on stdout.
//
//   node replicate-pouchdb.js URL
//       PouchDB (Node) replicates the database at URL into an in-memory PouchDB.
//   node replicate-pouchdb.js --all-docs URL
//       A plain GET URL/_all_docs?include_docs=true with Node's http module, parsed as JSON.
//   node replicate-pouchdb.js --load URL FILE.json
//       Creates the database at URL (if it is missing) and stores the documents of FILE.json
//       (an array of documents, each with _id and _rev) through _bulk_docs with
//       new_edits: false, 1,000 at a time.
//
// URL is a database URL such as http://127.0.0.1:5985/esf-demo-2026-12-26; user:password@ in it
// is sent as HTTP basic authentication. Exit status 1 and a message on stderr on any failure.
'use strict';

const fs = require('fs');
const http = require('http');
const https = require('https');

const REPLICATION_BATCH_SIZE = 500;
const LOAD_BATCH_SIZE = 1000;

function usage() {
  return [
    'usage: node replicate-pouchdb.js URL',
    '       node replicate-pouchdb.js --all-docs URL',
    '       node replicate-pouchdb.js --load URL FILE.json',
  ].join('\n');
}

function elapsedMs(start) {
  return Math.round(Number(process.hrtime.bigint() - start) / 1e4) / 100;
}

function dbUrl(text) {
  let url;
  try {
    url = new URL(text);
  } catch (e) {
    throw new Error(`not a URL: ${text}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`not an http(s) URL: ${text}`);
  }
  url.pathname = url.pathname.replace(/\/+$/, '');
  url.search = '';
  url.hash = '';
  return url;
}

// The URL of a path under the database, keeping its credentials and the database name's
// encoding.
function under(base, path, query = '') {
  const url = new URL(base.href);
  url.pathname = base.pathname + path;
  url.search = query;
  return url;
}

const agents = {
  'http:': new http.Agent({ keepAlive: true }),
  'https:': new https.Agent({ keepAlive: true }),
};

// One request; resolves to {status, body (a string)}.
function request(method, url, payload) {
  return new Promise((resolve, reject) => {
    const headers = { Accept: 'application/json' };
    let data = null;
    if (payload !== undefined) {
      data = Buffer.from(JSON.stringify(payload), 'utf8');
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = data.length;
    }
    const lib = url.protocol === 'https:' ? https : http;
    const req = lib.request(url, { method, headers, agent: agents[url.protocol] }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(data);
  });
}

function describe(response) {
  return `HTTP ${response.status}: ${response.body.slice(0, 300)}`;
}

async function allDocs(url) {
  const start = process.hrtime.bigint();
  const response = await request('GET', under(url, '/_all_docs', '?include_docs=true'));
  if (response.status !== 200) {
    throw new Error(`GET _all_docs: ${describe(response)}`);
  }
  const body = JSON.parse(response.body);
  const ms = elapsedMs(start);
  if (!Array.isArray(body.rows)) {
    throw new Error('GET _all_docs: the answer has no rows');
  }
  return { docs: body.rows.length, ms };
}

async function replicate(url) {
  const PouchDB = require('pouchdb').plugin(require('pouchdb-adapter-memory'));
  // skip_setup: a missing source database is an error, not created empty.
  const remote = new PouchDB(url.href, { skip_setup: true });
  const local = new PouchDB(`bench-${process.pid}-${Date.now()}`, { adapter: 'memory' });
  const start = process.hrtime.bigint();
  const result = await PouchDB.replicate(remote, local, { batch_size: REPLICATION_BATCH_SIZE });
  const ms = elapsedMs(start);
  if (result.ok === false || (result.errors && result.errors.length > 0)) {
    throw new Error(`replication failed: ${JSON.stringify(result.errors)}`);
  }
  const info = await local.info();
  await local.destroy();
  return { docs: info.doc_count, ms };
}

async function load(url, file) {
  const parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  const docs = Array.isArray(parsed) ? parsed : parsed && parsed.docs;
  if (!Array.isArray(docs)) {
    throw new Error(`${file}: expected a JSON array of documents`);
  }
  docs.forEach((doc, i) => {
    if (!doc || typeof doc._id !== 'string' || typeof doc._rev !== 'string') {
      throw new Error(`${file}: document ${i} lacks a string _id or _rev`);
    }
  });

  const start = process.hrtime.bigint();
  const created = await request('PUT', url);
  if (created.status !== 201 && created.status !== 202 && created.status !== 412) {
    throw new Error(`PUT ${url.pathname}: ${describe(created)}`);
  }
  const bulkDocs = under(url, '/_bulk_docs');
  for (let i = 0; i < docs.length; i += LOAD_BATCH_SIZE) {
    const batch = docs.slice(i, i + LOAD_BATCH_SIZE);
    const response = await request('POST', bulkDocs, { docs: batch, new_edits: false });
    if (response.status !== 201 && response.status !== 202) {
      throw new Error(`_bulk_docs (documents ${i} to ${i + batch.length - 1}): ${describe(response)}`);
    }
    const results = JSON.parse(response.body);
    const failures = Array.isArray(results) ? results.filter((r) => r && r.error) : [];
    if (failures.length > 0) {
      throw new Error(`_bulk_docs refused ${failures.length} documents, first: ${JSON.stringify(failures[0])}`);
    }
  }
  return { docs: docs.length, ms: elapsedMs(start) };
}

async function main(args) {
  let result;
  if (args[0] === '--all-docs' && args.length === 2) {
    result = await allDocs(dbUrl(args[1]));
  } else if (args[0] === '--load' && args.length === 3) {
    result = await load(dbUrl(args[1]), args[2]);
  } else if (args.length === 1 && !args[0].startsWith('-')) {
    result = await replicate(dbUrl(args[0]));
  } else {
    console.error(usage());
    process.exit(2);
  }
  process.stdout.write(JSON.stringify(result) + '\n');
}

main(process.argv.slice(2)).then(
  () => process.exit(0),
  (error) => {
    console.error(`replicate-pouchdb.js: ${error && error.message ? error.message : error}`);
    process.exit(1);
  },
);
