// One part of the bench on its own, for before/after comparisons while working (the full `npm run bench` takes
// minutes): `node tests/bench/quick.mjs demo|firstload [runs]` on an existing build (BENCH_DIST, default dist/).
// demo: e2e_demo_ms with its per-stage medians (VERBOSE=1 prints every run's stages; DEMO_SETTLE_MS=4000 clicks that long after ready, as e2e_demo_settled_ms does); firstload: time_to_ready_ms and
// time_to_ready_slow_ms; orchestration: the bench page's noop_tasks_per_s, task_handoff_ms and trigger_latency_ms
// (ORCHESTRATION_PARTS=a,b to choose; it builds tests/bench/dist first, serves it on BENCH_PAGE_PORT); longtask:
// main_thread_longest_task_ms (wall, an untraced run) and its CPU twin (a traced run) per run, with maxima (graph.mjs longestTaskSample),
// LONGTASK_PROFILE=1 adds the ten biggest tasks of each run with what they were made of (longTasks.mjs; =trace without
// the sampling profiler: no function names, less overhead); floor: main_thread_floor_longest_task_ms per run
// (mainThreadFloor.mjs); layout: graph_layout_1000_ms per run; open: graph_open_1000_longest_task_ms per run
// (BENCH_PAIR=dirA,dirB alternates two builds). BENCH_LOAD=1 keeps one core busy meanwhile, as run.mjs does. Prints
// `uptime`'s load first and last: the machines are shared.
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { chromium } from '@playwright/test';
import { CHROMIUM_ARGS, findChromium } from '../support/chromium.mjs';
import { medianStages, runDemoOnce } from './demoStages.mjs';
import { runFirstLoadBench } from './firstLoad.mjs';
import { layoutSample, longestTaskSample, openSample } from './graph.mjs';
import { printTopTasks } from './longTasks.mjs';

const [part = 'demo', runsArg = '3'] = process.argv.slice(2);
const runs = Number(runsArg);
const PORT = Number(process.env.PW_PORT ?? 4488);
const dist = process.env.BENCH_DIST ?? 'dist';
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');
const summary = (values) => `median ${median(values)} max ${Math.max(...values)} (${values.join(' ')})`;
// As run.mjs does for BENCH_LOAD=1: a second process keeping one core busy throughout.
const busy = process.env.BENCH_LOAD === '1' ? spawn(process.execPath, ['-e', 'for (;;) {}'], { stdio: 'ignore' }) : null;
if (busy) console.log('BENCH_LOAD=1: a second process keeps one core busy');

console.log(`load average before: ${load()}`);
if (part === 'orchestration') {
  const { buildBenchPage, runOrchestrationParts } = await import('./orchestration.mjs');
  buildBenchPage();
  const parts = (process.env.ORCHESTRATION_PARTS ?? 'noop_tasks_per_s,task_handoff_ms,trigger_latency_ms').split(',');
  const browser = await chromium.launch({ executablePath: (await findChromium()).path, args: CHROMIUM_ARGS });
  try {
    const samples = await runOrchestrationParts(browser, parts, runs);
    for (const [name, values] of Object.entries(samples)) console.log(name, 'median', median(values), `(${values.length} samples)`);
  } finally {
    await browser.close();
    console.log(`load average after: ${load()}`);
  }
  process.exit(0);
}
// Compressed as by any static host, as run.mjs serves it: time_to_ready over an emulated network depends on it.
const serve = (dir, port) => spawn(process.execPath, ['tests/support/serve.mjs', dir, '--port', String(port), '--strict-port', '--gzip'], { stdio: 'pipe' });
const server = serve(dist, PORT);
await new Promise((resolve) => server.stdout.once('data', resolve));
const browser = await chromium.launch({ executablePath: (await findChromium()).path, args: CHROMIUM_ARGS });
try {
  if (part === 'longtask') {
    // BENCH_PAIR=dirA,dirB: paired runs, alternating two builds (A, B, A, B…) at the same load.
    const builds = process.env.BENCH_PAIR ? process.env.BENCH_PAIR.split(',') : [dist];
    const servers = process.env.BENCH_PAIR ? builds.map((dir, b) => serve(dir, PORT + 1 + b)) : [];
    const base = (b) => `http://localhost:${servers.length > 0 ? PORT + 1 + b : PORT}/`;
    await Promise.all(servers.map((s) => new Promise((resolve) => s.stdout.once('data', resolve))));
    const profile = process.env.LONGTASK_PROFILE === 'trace' ? 'trace' : process.env.LONGTASK_PROFILE === '1';
    const per = builds.map(() => ({ wall: [], traced: [], cpu: [], top5: [], producer: [], consumer: [] }));
    try {
      for (let i = 0; i < runs; i++) {
        for (const [b, dir] of builds.entries()) {
          // As the bench does: the wall-clock figure from an untraced run, the CPU figures from a traced one.
          const untraced = await longestTaskSample(browser, base(b), { traced: false });
          const run = await longestTaskSample(browser, base(b), { profile });
          const s = per[b];
          s.wall.push(Math.round(untraced.longest));
          s.traced.push(Math.round(run.longest));
          s.cpu.push(run.cpu);
          s.top5.push(Math.round(run.cpuTop.reduce((a, v) => a + v, 0) / run.cpuTop.length * 10) / 10);
          s.producer.push(Math.round(untraced.phases.producer));
          s.consumer.push(Math.round(untraced.phases.consumer));
          console.log(`longtask ${builds.length > 1 ? `${dir} ` : ''}run ${i + 1}/${runs}: wall ${Math.round(untraced.longest)} ms (until producer success ${Math.round(untraced.phases.producer)}, after ${Math.round(untraced.phases.consumer)}); traced run: wall ${Math.round(run.longest)} ms, cpu ${run.cpu} ms, biggest cpu ${run.cpuTop.join(' ')}; load ${load()}`);
          if (run.top) printTopTasks(run.top);
        }
      }
    } finally {
      for (const s of servers) s.kill();
    }
    for (const [b, dir] of builds.entries()) {
      const s = per[b];
      if (builds.length > 1) console.log(`== ${dir}`);
      console.log('main_thread_longest_task_ms', summary(s.wall));
      console.log('  the same, in the traced runs', summary(s.traced));
      console.log('main_thread_longest_task_cpu_ms', summary(s.cpu));
      console.log('  mean of the 5 biggest tasks cpu ms', summary(s.top5));
      console.log('  wall until ml_producer success', summary(s.producer), '; after', summary(s.consumer));
    }
  } else if (part === 'floor') {
    const { floorSample } = await import('./mainThreadFloor.mjs');
    const values = [];
    for (let i = 0; i < runs; i++) values.push(Math.round(await floorSample(browser)));
    console.log('main_thread_floor_longest_task_ms', summary(values));
  } else if (part === 'open') {
    // BENCH_PAIR=dirA,dirB alternates two builds, as for longtask.
    const builds = process.env.BENCH_PAIR ? process.env.BENCH_PAIR.split(',') : [dist];
    const servers = process.env.BENCH_PAIR ? builds.map((dir, b) => serve(dir, PORT + 1 + b)) : [];
    await Promise.all(servers.map((s) => new Promise((resolve) => s.stdout.once('data', resolve))));
    const values = builds.map(() => []);
    try {
      for (let i = 0; i < runs; i++) {
        for (const [b] of builds.entries()) values[b].push(Math.round(await openSample(browser, `http://localhost:${servers.length > 0 ? PORT + 1 + b : PORT}/`)));
      }
    } finally {
      for (const s of servers) s.kill();
    }
    for (const [b, dir] of builds.entries()) console.log(`graph_open_1000_longest_task_ms${builds.length > 1 ? ` ${dir}` : ''}`, summary(values[b]));
  } else if (part === 'layout') {
    const values = [];
    for (let i = 0; i < runs; i++) values.push(Math.round(await layoutSample(browser, `http://localhost:${PORT}/`)));
    console.log('graph_layout_1000_ms', summary(values));
  } else if (part === 'firstload') {
    const samples = await runFirstLoadBench(browser, `http://localhost:${PORT}/`, runs);
    for (const [name, values] of Object.entries(samples)) console.log(name, values.join(' '), 'median', median(values));
  } else {
    const all = [];
    const totals = [];
    for (let i = 0; i < runs; i++) {
      const run = await runDemoOnce(browser, `http://localhost:${PORT}/`, { settleMs: Number(process.env.DEMO_SETTLE_MS ?? 0) });
      totals.push(run.elapsed);
      all.push(run.stages);
      if (process.env.VERBOSE) for (const s of run.stages) console.log(String(s.start).padStart(7), String(s.ms).padStart(8), s.where.padEnd(14), s.stage);
      console.log(`e2e_demo_ms run ${i + 1}/${runs}: ${run.elapsed} ms, R² ${run.r2.toFixed(3)}`);
    }
    console.log('start (ms after submit) · median ms · runs · stage');
    for (const s of medianStages(all)) console.log(String(s.start).padStart(7), String(s.median).padStart(8), s.runs, s.stage);
    console.log('e2e_demo_ms', totals.join(' '), 'median', median(totals));
  }
} finally {
  await browser.close();
  server.kill();
  busy?.kill();
  console.log(`load average after: ${load()}`);
}
