// PouchDB (Node) as a peer of a desk that serves its day (accueil-cli serve): it replicates
// the day from the desk, adds documents of its own and replicates them back, then prints one
// JSON line: {"pulled": N, "pushed": M, "docs": [[id, rev], …]} with every document it holds,
// sorted by id.
//
//   node peer-pouchdb.js URL FACTS.json
//
// URL is the day's database on the desk, https://user:secret@host:port/db (the secret is sent
// as HTTP basic authentication); FACTS.json is an array of new documents, each with its _id.
// The desk's certificate is self-signed: the caller trusts it (NODE_EXTRA_CA_CERTS).
// Exit status 1 and a message on stderr on any failure.
'use strict';

const fs = require('fs');
const https = require('https');

async function main(argv) {
  if (argv.length !== 2) {
    throw new Error('usage: node peer-pouchdb.js URL FACTS.json');
  }
  const PouchDB = require('pouchdb').plugin(require('pouchdb-adapter-memory'));
  // Node resumes TLS sessions on new connections; the desk's server (libsoup 3.2 with
  // glib-networking) drops a connection that tried to, so this peer never tries.
  const agent = new https.Agent({ maxCachedSessions: 0 });
  const remote = new PouchDB(argv[0], {
    skip_setup: true,
    fetch: (url, opts) => PouchDB.fetch(url, Object.assign({}, opts, { agent })),
  });
  const local = new PouchDB(`peer-${process.pid}-${Date.now()}`, { adapter: 'memory' });
  const facts = JSON.parse(fs.readFileSync(argv[1], 'utf8'));

  const pulled = await PouchDB.replicate(remote, local, { batch_size: 100 });
  if (!pulled.ok) {
    throw new Error(`the pull failed: ${JSON.stringify(pulled.errors)}`);
  }
  const written = await local.bulkDocs(facts);
  for (const result of written) {
    if (result.error) {
      throw new Error(`PouchDB did not keep ${result.id}: ${result.reason}`);
    }
  }
  const pushed = await PouchDB.replicate(local, remote, { batch_size: 100 });
  if (!pushed.ok || pushed.doc_write_failures > 0) {
    throw new Error(`the push failed: ${JSON.stringify(pushed.errors)}`);
  }

  const all = await local.allDocs();
  const docs = all.rows.map((row) => [row.id, row.value.rev]);
  process.stdout.write(JSON.stringify({
    pulled: pulled.docs_written,
    pushed: pushed.docs_written,
    docs,
  }) + '\n');
}

main(process.argv.slice(2)).catch((error) => {
  process.stderr.write(`peer-pouchdb.js: ${error.stack || error}\n`);
  process.exit(1);
});
