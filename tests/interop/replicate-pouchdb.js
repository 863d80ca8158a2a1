// Replicates a remote database into an in-memory PouchDB and prints {"docs": N, "ms": T}:
// the reference the desk's first pull is measured against (ARCHITECTURE.md §5).
//   node replicate-pouchdb.js URL
//   node replicate-pouchdb.js --all-docs URL    (a plain _all_docs?include_docs=true download)
'use strict';

const PouchDB = require('pouchdb').plugin(require('pouchdb-adapter-memory'));
const http = require('http');

function allDocs(url) {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    http.get(url + '/_all_docs?include_docs=true', (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () => {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        resolve({ docs: body.rows.length, ms });
      });
      res.on('error', reject);
    }).on('error', reject);
  });
}

async function replicate(url) {
  const local = new PouchDB('bench-' + Date.now(), { adapter: 'memory' });
  const start = process.hrtime.bigint();
  const result = await PouchDB.replicate(url, local, { batch_size: 500, batches_limit: 4 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  return { docs: result.docs_written, ms };
}

async function main() {
  const args = process.argv.slice(2);
  const result = args[0] === '--all-docs' ? await allDocs(args[1]) : await replicate(args[0]);
  console.log(JSON.stringify(result));
}

main().catch((error) => {
  console.error(String(error && error.message ? error.message : error));
  process.exit(1);
});
