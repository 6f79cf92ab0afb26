// Runs graphql-http's GraphQL-over-HTTP server audits against the URL given as the only argument and prints
// one JSON object per audit on stdout; the Python test decides what passing means.
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs http://127.0.0.1:PORT/graphql');
  process.exit(2);
}

async function describe(result) {
  const entry = { id: result.id, name: result.name, status: result.status };
  if (result.status === 'ok') return entry;
  const { response } = result;
  entry.reason = result.reason;
  entry.httpStatus = response.status;
  entry.contentType = response.headers.get('content-type');
  try {
    entry.body = (await response.text()).slice(0, 500);
  } catch {
    // the audit already read the body; its reason says what was wrong with it
  }
  return entry;
}

const results = await auditServer({ url });
process.stdout.write(JSON.stringify(await Promise.all(results.map(describe)), null, 2) + '\n');
