// Claims a run the way the store does, in a transaction, then dies with SIGKILL before committing:
// what a power cut or `kill -9` does to an agent mid-write.
const [url, runId] = process.argv.slice(2);
if (url.startsWith('sqlite:')) {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(url.slice('sqlite:'.length));
  db.exec('BEGIN IMMEDIATE');
  db.prepare("UPDATE runs SET state = 'running', worker = 'doomed' WHERE id = ?").run(runId);
} else {
  const { default: pg } = await import('pg');
  const u = new URL(url);
  const schema = u.searchParams.get('schema');
  u.searchParams.delete('schema');
  const client = new pg.Client({ connectionString: u.toString() });
  await client.connect();
  await client.query('BEGIN');
  await client.query(`UPDATE "${schema}".runs SET state = 'running', worker = 'doomed' WHERE id = $1`, [runId]);
}
process.stdout.write('locked\n');
process.kill(process.pid, 'SIGKILL');
