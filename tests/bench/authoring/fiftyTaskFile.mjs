// A 50-task DAG file with options on every task; `edit` changes one line, as a keystroke would. Plain JavaScript so
// that both the authoring bench page (bundled) and the editor bench (Node, tests/bench/editorParse.mjs) use it.
export function fiftyTaskFile(edit) {
  const lines = [
    `import { Asset, Dag, getContext, operators } from 'apache-airflow-ts-sdk';`,
    `const features = new Asset({ name: 'features', uri: 'playground://bench/features' });`,
    `const dag = new Dag('bench_fifty', { schedule: null, maxActiveTasks: 8, description: 'Edit ${edit}' });`,
    `const start = dag.task('start', operators.noop);`,
  ];
  for (let i = 0; i < 48; i++) {
    const upstream = i < 8 ? 'start' : `t${i - 8}`;
    lines.push(
      `const t${i} = dag.task('t${i}', async ({ n }: { n: number }) => {\n  getContext().log.info('task ${i}');\n  return n + ${i};\n}, { retries: ${i % 3}, retryDelay: '${i}s', triggerRule: '${i % 5 === 0 ? 'all_done' : 'all_success'}' });`,
      `t${i}({ n: ${upstream} as never });`,
    );
  }
  lines.push(`const end = dag.task('end', operators.noop, { outlets: [features], triggerRule: 'none_failed' });`);
  lines.push(`end.after(${Array.from({ length: 8 }, (_, i) => `t${40 + i}`).join(', ')});`);
  return lines.join('\n');
}
