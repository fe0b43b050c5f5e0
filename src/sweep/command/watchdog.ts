/**
 * The leader of a sweep program's process group: `node watchdog.js PROGRAM ARGS…`, spawned detached
 * by the command trainer. It starts the program in its own group and ends the whole group when its
 * parent (the agent) disappears, even by SIGKILL, which no cleanup code in the agent survives.
 *
 * How it notices: the agent holds the write end of this process's stdin and never writes; the pipe
 * reaches end-of-file when the agent dies. A change of parent (re-parented to init) is checked too,
 * in case stdin was closed some other way.
 *
 * Otherwise it is transparent: the program inherits stdout/stderr, and this process exits as the
 * program did (the same code, or killed by the same signal). A program that cannot start is told
 * on fd 3 as one JSON line, so the agent reports it as before.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';

const [file, ...args] = process.argv.slice(2);
const parent = process.ppid;

/** SIGKILL to the whole group, this process included: nothing of the run outlives its agent. */
function endGroup(): void {
  try {
    process.kill(-process.pid, 'SIGKILL');
  } catch {
    process.exit(137);
  }
}

// The agent ends a run by signalling the whole group; the program decides how to end, and this
// process waits to pass its exit on rather than die first and hide it.
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(sig, () => {});

const child = spawn(file, args, { stdio: ['ignore', 'inherit', 'inherit'] });
child.once('error', (err) => {
  const report = createWriteStream('', { fd: 3 });
  report.end(`${JSON.stringify({ spawnError: err.message })}\n`, () => process.exit(127));
});
child.once('exit', (code, signal) => {
  if (signal) {
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  } else process.exit(code ?? 1);
});

process.stdin.on('end', endGroup);
process.stdin.resume();
const poll = setInterval(() => {
  if (process.ppid !== parent) endGroup();
}, 500);
poll.unref();
