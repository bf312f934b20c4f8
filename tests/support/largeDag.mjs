// A large DAG document for the graph view's tests and benchmark (issue 12 point 8): `size` no-op tasks in layers of
// varying width — wide stages and one-task gates, as a real pipeline of thousands of tasks has — with one to three
// upstream tasks each in the layer before (now and then one more, two layers back). Seeded, so every run gets the
// same graph. Plain JavaScript, so the Playwright specs (TypeScript) and the bench (Node) share it.

/** Small seeded PRNG (mulberry32): deterministic across runs and platforms. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const STAGES = ['extract', 'validate', 'clean', 'join', 'enrich', 'aggregate', 'score', 'publish'];

/**
 * The DAG as a DAG document ({version: 1, dags: [...]}) of `size` tasks; `layers` says how many tasks each layer has.
 * @param {{ size?: number, seed?: number, dagId?: string, maxActiveTasks?: number }} [options]
 */
export function largeDagDocument({ size = 5_000, seed = 12, dagId = 'big_5000', maxActiveTasks = 64 } = {}) {
  const next = random(seed);
  const widths = [];
  for (let left = size; left > 0; ) {
    const width = Math.min(left, widths.length > 0 && next() < 0.15 ? 1 : 20 + Math.floor(next() * 180));
    widths.push(width);
    left -= width;
  }
  const layers = widths.map((width, l) =>
    Array.from({ length: width }, (_, i) => `${STAGES[l % STAGES.length]}_${String(l).padStart(2, '0')}_${String(i).padStart(3, '0')}`),
  );
  const pick = (list) => list[Math.floor(next() * list.length)];
  const tasks = layers.flatMap((ids, l) =>
    ids.map((id) => {
      if (l === 0) return { id, upstream: [], operator: 'noop' };
      const before = layers[l - 1];
      // A one-task layer is a gate: it waits for the whole layer before it.
      const upstream = new Set(ids.length === 1 ? before : Array.from({ length: 1 + Math.floor(next() * 3) }, () => pick(before)));
      if (l >= 2 && next() < 0.1) upstream.add(pick(layers[l - 2]));
      return { id, upstream: [...upstream], operator: 'noop' };
    }),
  );
  return {
    document: {
      version: 1,
      dags: [
        {
          id: dagId,
          description: `${size.toLocaleString('en-US')} no-op tasks in ${layers.length} layers, for the graph view at scale.`,
          schedule: { type: 'manual' },
          maxActiveTasks,
          maxActiveRuns: 1,
          tasks,
        },
      ],
    },
    layers: widths,
    edges: tasks.reduce((n, task) => n + task.upstream.length, 0),
  };
}
