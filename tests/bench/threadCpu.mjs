// CPU time of every thread of the browser this Node process launched, from /proc (Linux only): which thread of which
// process (the page's main thread, its workers, the browser's IndexedDB pool, the IPC threads) spends the CPU. A
// sampling profile sees only JavaScript on one thread; on a 2-core machine the other threads compete for the same cores.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';

const TICKS_PER_S = 100;

function browserPids() {
  const rows = execFileSync('ps', ['-e', '-o', 'pid=,ppid=']).toString().trim().split('\n').map((l) => l.trim().split(/\s+/).map(Number));
  const pids = [process.pid];
  for (let i = 0; i < pids.length; i++) for (const [pid, ppid] of rows) if (ppid === pids[i]) pids.push(pid);
  return pids.slice(1);
}

const ticksOf = (stat) => {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
};

/** Per process: its type, its total ticks (exited threads included) and each live thread's ticks by name. */
function snapshot() {
  const processes = new Map();
  for (const pid of browserPids()) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (!cmd.includes('chrom')) continue;
      const type = cmd.match(/--type=([a-z-]+)/)?.[1] ?? 'browser';
      const threads = new Map();
      for (const tid of readdirSync(`/proc/${pid}/task`)) {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        threads.set(tid, { name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/\d+$/, ''), ticks: ticksOf(stat) });
      }
      processes.set(pid, { type, total: ticksOf(readFileSync(`/proc/${pid}/stat`, 'utf8')), threads });
    } catch {
      // The process ended meanwhile.
    }
  }
  return processes;
}

/** Starts counting; the returned function stops and gives [{what, us}] per `tries`, largest first. */
export function countThreadCpu() {
  if (!existsSync('/proc/self/stat')) return null;
  const before = snapshot();
  return (tries) => {
    const after = snapshot();
    const rows = new Map();
    const add = (what, ticks) => rows.set(what, (rows.get(what) ?? 0) + ticks);
    for (const [pid, { type, total, threads }] of after) {
      const was = before.get(pid);
      let live = 0;
      for (const [tid, { name, ticks }] of threads) {
        const delta = ticks - (was?.threads.get(tid)?.ticks ?? 0);
        live += delta;
        add(`${type} ${name}`, delta);
      }
      // Threads that ended during the run (the pool's workers are terminated at its end) count only in the total.
      add(`${type} (threads that ended: the pool's workers)`, total - (was?.total ?? 0) - live);
    }
    return [...rows]
      .map(([what, ticks]) => ({ what, us: ((ticks / TICKS_PER_S) * 1e6) / tries }))
      .filter((row) => row.us >= 1)
      .sort((a, b) => b.us - a.us);
  };
}
