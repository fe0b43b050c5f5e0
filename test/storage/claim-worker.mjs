// A separate process that claims and finishes runs until none is pending, then prints the ids it
// claimed as JSON. It says `ready` once the store is open and starts when its stdin closes, so the
// test starts all workers together. Uses the built store (dist/), like a real agent process.
import { openStore } from '../../dist/storage/open-store.js';

const [url, sweep, worker] = process.argv.slice(2);
const store = await openStore(url);
process.stdout.write('ready\n');
await new Promise((resolve) => {
  process.stdin.on('data', () => undefined);
  process.stdin.on('end', resolve);
});
const claimed = [];
try {
  for (;;) {
    const run = await store.claimRun(sweep, worker);
    if (!run) break;
    claimed.push(run.id);
    await store.heartbeat(run.id);
    await store.appendHistory(run.id, { epoch: 1, value: run.params.i });
    await store.finishRun(run.id, { state: 'finished', summary: { value: run.params.i * 2 } });
    // The fake objective "trains" briefly outside any transaction, as a real agent does.
    await new Promise((resolve) => setTimeout(resolve, 3));
  }
} finally {
  await store.close();
}
process.stdout.write(JSON.stringify(claimed) + '\n');
