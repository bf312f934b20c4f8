// What the page's biggest main-thread tasks were made of (issue 16 point 6), for `node tests/bench/quick.mjs longtask`
// with LONGTASK_PROFILE=1: a Chromium trace of the flow (timeline categories: the RunTask events and what ran inside
// them) plus the CDP sampling profiler (function names), both on the browser's monotonic clock, so each profile sample
// falls inside the task that ran it. Bench tooling only: nothing here is a figure of the report.

/**
 * Trace categories that give RunTask (with `tdur`, thread CPU time) and the timeline events inside each task;
 * LONGTASK_CATEGORIES=a,b,… chooses others ('*,blink' names every step of a frame, at a higher cost).
 */
export const PROFILE_TRACE_CATEGORIES = process.env.LONGTASK_CATEGORIES?.split(',') ?? ['toplevel', 'disabled-by-default-devtools.timeline', 'devtools.timeline', 'v8.execute', 'v8'];

/** Starts the CDP sampling profiler on the page (every 100 µs); call the returned function to stop it and get the profile. */
export async function startProfiler(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 100 });
  await cdp.send('Profiler.start');
  return async () => {
    const { profile } = await cdp.send('Profiler.stop');
    await cdp.detach();
    return profile;
  };
}

/** The renderer main thread (CrRendererMain) that ran the most tasks: this page's. */
export function mainThreadKey(events) {
  const mains = new Set(events.filter((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain').map((e) => `${e.pid}:${e.tid}`));
  const counts = new Map();
  for (const e of events) {
    const key = `${e.pid}:${e.tid}`;
    if (e.name === 'RunTask' && e.ph === 'X' && mains.has(key)) counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? null;
}

const frameName = (frame) => {
  const file = frame.url ? frame.url.replace(/^.*\//, '') : '';
  return `${frame.functionName || '(anonymous)'} ${file}${file ? `:${frame.lineNumber + 1}` : ''}`;
};

/** Profile samples as [time µs, self function, every function on its stack], on the trace's clock. */
function profileSamples(profile) {
  if (!profile) return [];
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id);
  const stacks = new Map();
  const stackOf = (id) => {
    if (!stacks.has(id)) {
      const names = new Set();
      for (let at = id; at !== undefined; at = parent.get(at)) names.add(frameName(byId.get(at).callFrame));
      stacks.set(id, names);
    }
    return stacks.get(id);
  };
  const out = [];
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    const node = byId.get(profile.samples[i]);
    if (node) out.push([t, frameName(node.callFrame), stackOf(node.id)]);
  }
  return out;
}

/** Wrappers that only repeat the task itself. */
const SKIPPED = new Set(['RunTask', 'ThreadControllerImpl::RunTask', 'ThreadPool_RunTask', 'SequenceManager RunTask']);

/**
 * The `n` main-thread tasks with the most thread CPU time, each with its wall and CPU ms, the timeline events inside it
 * (summed wall ms by name, event type for EventDispatch) and the functions the profiler saw most in it (self samples).
 */
export function topTasks(events, profile, n = 10) {
  const key = mainThreadKey(events);
  if (!key) return [];
  const onMain = events.filter((e) => `${e.pid}:${e.tid}` === key);
  const tasks = onMain.filter((e) => e.name === 'RunTask' && e.ph === 'X').sort((a, b) => (b.tdur ?? 0) - (a.tdur ?? 0)).slice(0, n);
  const samples = profileSamples(profile);
  return tasks.map((task) => {
    const end = task.ts + task.dur;
    const inner = new Map();
    for (const e of onMain) {
      if (e.ph !== 'X' || e.ts < task.ts || e.ts > end || e === task || SKIPPED.has(e.name)) continue;
      const label = e.name === 'EventDispatch' ? `EventDispatch(${e.args?.data?.type})` : e.name === 'TimerFire' || e.name === 'FunctionCall' ? `${e.name}(${(e.args?.data?.url ?? '').replace(/^.*\//, '')}:${e.args?.data?.lineNumber ?? ''} ${e.args?.data?.functionName ?? ''})` : e.name;
      inner.set(label, (inner.get(label) ?? 0) + e.dur / 1000);
    }
    const fns = new Map();
    const inclusive = new Map();
    let inTask = 0;
    for (const [t, fn, stack] of samples) {
      if (t < task.ts || t > end) continue;
      inTask++;
      fns.set(fn, (fns.get(fn) ?? 0) + 1);
      for (const name of stack) inclusive.set(name, (inclusive.get(name) ?? 0) + 1);
    }
    return {
      startMs: task.ts / 1000,
      wallMs: task.dur / 1000,
      cpuMs: (task.tdur ?? 0) / 1000,
      inner: [...inner.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10),
      functions: [...fns.entries()].sort((a, b) => b[1] - a[1]).slice(0, 10).map(([fn, count]) => [fn, count / Math.max(1, inTask)]),
      inclusive: [...inclusive.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25).map(([fn, count]) => [fn, count / Math.max(1, inTask)]),
      samples: inTask,
    };
  });
}

export function printTopTasks(tasks, log = console.log) {
  const t0 = Math.min(...tasks.map((t) => t.startMs));
  for (const [i, t] of tasks.entries()) {
    log(`#${i + 1} cpu ${t.cpuMs.toFixed(1)} ms, wall ${t.wallMs.toFixed(1)} ms, at +${(t.startMs - t0).toFixed(0)} ms (${t.samples} samples)`);
    for (const [name, ms] of t.inner) log(`     ${ms.toFixed(1).padStart(6)} ms  ${name}`);
    for (const [fn, share] of t.functions) log(`     ${(share * 100).toFixed(0).padStart(5)} %   ${fn}`);
    if (t.inclusive.length > 0) log('     inclusive:');
    for (const [fn, share] of t.inclusive) log(`     ${(share * 100).toFixed(0).padStart(5)} %   ${fn}`);
  }
}
