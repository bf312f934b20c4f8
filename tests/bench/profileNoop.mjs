// Where the main thread's time goes during the no-op throughput run: builds the bench page unminified (readable
// function names) into tests/bench/dist-profile, runs `noop_tasks_per_s` once under the DevTools Protocol's sampling
// Profiler, and prints self time per try by module and by function. `node tests/bench/profileNoop.mjs [runs]`
// (BENCH_PAGE_PORT moves the page's server; PROFILE_JSON=path also writes the raw profile). Then, on Linux, the CPU
// time per try of every browser thread during the same run (threadCpu.mjs): the page, its workers, IndexedDB, IPC.
import { spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../support/chromium.mjs';
import { countThreadCpu } from './threadCpu.mjs';

const DIST = 'tests/bench/dist-profile';
const PORT = Number(process.env.BENCH_PAGE_PORT ?? 4498);
const runs = Number(process.argv[2] ?? 1);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

const vite = join('node_modules', 'vite', 'bin', 'vite.js');
const built = spawnSync(process.execPath, [vite, 'build', '--config', 'tests/bench/vite.config.ts', '--minify', 'false', '--outDir', join(process.cwd(), DIST)], {
  stdio: 'ignore',
});
if (built.status !== 0) throw new Error(`Building the bench page failed (exit ${built.status}).`);

/** Which part of the code a profile node's function belongs to, from its script URL and name. */
function moduleOf(node) {
  const { url, functionName } = node.callFrame;
  if (!url) return functionName === '(garbage collector)' ? 'garbage collector' : functionName || '(native)';
  return `${url.replace(/^.*\/assets\//, '')}`;
}

console.log(`load average before: ${load()}`);
const server = spawn(process.execPath, ['tests/support/serve.mjs', DIST, '--port', String(PORT), '--strict-port'], { stdio: 'pipe' });
await new Promise((resolve) => server.stdout.once('data', resolve));
// PROFILE_NO_INLINING=1: V8 attributes an inlined function's time to its caller; without inlining each function
// keeps its own (slower overall, but the shares are readable).
const jsFlags = process.env.PROFILE_NO_INLINING ? ['--js-flags=--max-inlined-bytecode-size=0'] : [];
const browser = await chromium.launch({ executablePath: (await findChromium()).path, args: [...CHROMIUM_ARGS, ...jsFlags] });
try {
  const page = await browser.newPage();
  await page.goto(`http://localhost:${PORT}/`);
  await page.waitForFunction(() => typeof window.benchParts === 'object');
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const samples = await page.evaluate((n) => window.benchParts.noop_tasks_per_s(n), runs);
  const { profile } = await cdp.send('Profiler.stop');
  // The same runs again without the profiler (it costs the page's thread), counting every thread's CPU.
  const threadCpu = countThreadCpu();
  const unprofiled = await page.evaluate((n) => window.benchParts.noop_tasks_per_s(n), runs);
  const cpu = threadCpu?.(10_000 * runs);
  if (process.env.PROFILE_JSON) writeFileSync(process.env.PROFILE_JSON, JSON.stringify(profile));
  const tries = 10_000 * runs;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map();
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i];
    selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  }
  const byModule = new Map();
  const byFunction = new Map();
  let total = 0;
  for (const [id, us] of selfUs) {
    const node = byId.get(id);
    const mod = moduleOf(node);
    if (mod === '(idle)' || mod === '(program)') {
      byModule.set(mod, (byModule.get(mod) ?? 0) + us);
      continue;
    }
    total += us;
    byModule.set(mod, (byModule.get(mod) ?? 0) + us);
    const fn = `${node.callFrame.functionName || '(anonymous)'} ${mod}:${node.callFrame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + us);
  }
  const show = (map, limit) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, limit)
      .forEach(([name, us]) => console.log(`${(us / tries).toFixed(1).padStart(8)} µs/try  ${name}`));
  console.log(`noop_tasks_per_s ${samples.map((s) => s.toFixed(0)).join(' ')}; JS self time ${(total / tries).toFixed(1)} µs per try (excl. idle/program)`);
  console.log('— by script —');
  show(byModule, 20);
  console.log('— by function —');
  show(byFunction, 40);
  if (cpu) {
    const total = cpu.reduce((sum, row) => sum + row.us, 0);
    console.log(`— CPU per try by thread (/proc), runs without the profiler at ${unprofiled.map((s) => s.toFixed(0)).join(' ')} tasks/s: ${total.toFixed(0)} µs in all —`);
    for (const { what, us } of cpu) console.log(`${us.toFixed(1).padStart(8)} µs/try  ${what}`);
  }
} finally {
  await browser.close();
  server.kill();
  console.log(`load average after: ${load()}`);
}
