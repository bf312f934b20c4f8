import { describe, expect, it } from 'vitest';
import { sdkCompletionsAt, sdkEntryAt } from '../../../../src/ui/editor/sdkCompletion';

/** Completions at the `|` of `text`. */
function at(text: string, explicit = false) {
  const pos = text.indexOf('|');
  const result = sdkCompletionsAt(text.replace('|', ''), pos, explicit);
  return result && { from: result.from, pos, labels: result.options.map((o) => o.label) };
}

describe('completion of the authoring API', () => {
  it('members after a Dag variable, operators., operators.housing. and getContext()', () => {
    const dagFile = "const dag = new Dag('d', { schedule: null });\ndag.ta|";
    expect(at(dagFile)).toMatchObject({ labels: expect.arrayContaining(['task', 'branch', 'shortCircuit', 'if', 'switch', 'dagId']) });
    expect(at(dagFile)!.from).toBe(at(dagFile)!.pos - 2);
    expect(at('operators.|')!.labels).toEqual(['noop', 'sleep', 'fail', 'housing']);
    expect(at('operators.housing.tr|')!.labels).toContain('train');
    expect(at('const x = async () => getContext().|')!.labels).toEqual(
      expect.arrayContaining(['params', 'log', 'readAsset', 'writeAsset', 'sleep', 'xcom', 'progress']),
    );
    expect(at('getContext().log.|')!.labels).toEqual(['debug', 'info', 'warning', 'error']);
    expect(at("const ctx = getContext();\nctx.|")!.labels).toContain('writeOutput');
    expect(at("const a = dag.task('a', async () => 1);\na.|")!.labels).toEqual(expect.arrayContaining(['before', 'after']));
  });

  it('option names inside the { } of new Dag(…), dag.task(…) and new Asset(…), with their docs', () => {
    const task = at("dag.task('a', async () => { return 1; }, { ret|");
    expect(task!.labels).toEqual(expect.arrayContaining(['retries', 'retryDelay', 'triggerRule', 'outlets', 'executionTimeout']));
    expect(at("new Dag('d', { sch|")!.labels).toEqual(expect.arrayContaining(['schedule', 'params', 'maxActiveRuns', 'callbacks']));
    expect(at("new Asset({ |")!.labels).toEqual(['name', 'uri', 'description']);
    expect(at("dag.task('a', operators.noop, { callbacks: { on|")!.labels).toEqual(['onExecute', 'onSuccess', 'onFailure', 'onRetry']);
    const option = sdkCompletionsAt("new Dag('d', { ", 15)!.options.find((o) => o.label === 'maxActiveRuns')!;
    expect(option.doc).toMatch(/Runs of this DAG running at once/);
  });

  it('no option names inside a task body, nothing after an object the API does not know', () => {
    expect(at("dag.task('a', async () => { const o = { fo|")!.labels).not.toContain('retries');
    expect(at('Math.|')).toBeNull();
    expect(at('const n = 1|')).toBeNull();
    expect(at('const n = ge|')).toMatchObject({ labels: expect.arrayContaining(['Dag', 'Asset', 'getContext']) });
  });

  it('hover: the documentation of the name under the cursor', () => {
    const text = "const dag = new Dag('d');\ndag.task('a', operators.noop, { retries: 2 });";
    expect(sdkEntryAt(text, text.indexOf('retries') + 2)?.entry.name).toBe('TaskOptions.retries');
    expect(sdkEntryAt(text, text.indexOf('task') + 1)?.entry.name).toBe('Dag.task');
    expect(sdkEntryAt(text, text.indexOf('Dag(') + 1)?.entry.name).toBe('Dag');
    expect(sdkEntryAt(text, text.indexOf('noop') + 1)?.entry.name).toBe('operators.noop');
    expect(sdkEntryAt(text, 2)).toBeNull();
  });
});
