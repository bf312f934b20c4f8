import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { TRIGGER_RULES } from '../../../src/core/triggerRules';
import { expectedVerdict, MIXES, type MixName } from '../core/triggerRuleTable';

/**
 * The Airflow stand-in of tests/export/standin is only worth its checks if it is strict: what real Airflow refuses
 * it must refuse, and what it does not model must fail loudly. Each case is a small Python program against it.
 */
function python(program: string): { status: number | null; stdout: string; stderr: string } {
  return spawnSync('python3', ['-B', '-c', `import sys\nsys.path.insert(0, "tests/export/standin")\n${program}`], { encoding: 'utf8' });
}

const lastLine = (text: string) => text.trim().split('\n').at(-1) ?? '';

/** One DAG for Airflow 3 with a task whose decorator arguments and body are given. */
const dagWith = (decorator: string, body: string, run = 'print(run_dag(d).errors.get("a"))') => `
from airflow.sdk import Asset, Param, TriggerRule, dag, task
from airflow._run import run_dag

@dag(dag_id="t", params={"n": Param(1, type="integer", minimum=0)})
def t():
    @task(task_id="a"${decorator})
    def a(**context):
${body
  .split('\n')
  .map((line) => `        ${line}`)
  .join('\n')}
    a()

d = t()
${run}
`;

describe('the Airflow stand-in is strict', () => {
  it.each([
    ['an import Airflow 3 does not have', 'from airflow.sdk import Dataset', /ImportError: cannot import name 'Dataset' from 'airflow.sdk'/],
    ['an unknown @task argument', dagWith(', retry=3', 'return 1'), /TypeError: .*got an unexpected keyword argument 'retry'/],
    ['retry_exponential_backoff=True in Airflow 3 (×1 since 3.2)', dagWith(', retry_exponential_backoff=True', 'return 1'), /TypeError: retry_exponential_backoff=True is the multiplier 1 on Airflow 3\.2\+ \(no backoff\): write 2\.0/],
    ['a Dataset outlet in an Airflow 3 DAG', `from airflow.datasets import Dataset\n${dagWith(', outlets=[Dataset("x://a")]', 'return 1')}`, /TypeError: An Airflow 3 outlet must be Asset/],
    ['a non-ASCII asset URI', 'from airflow.sdk import Asset\nAsset(name="a", uri="s3://b/é")', /ValueError: Asset URI must only consist of ASCII characters/],
    ['the reserved airflow:// scheme', 'from airflow.sdk import Asset\nAsset(name="a", uri="airflow://x")', /ValueError: Asset scheme 'airflow' is reserved/],
    ['a param value of the wrong type', dagWith('', 'return 1', 'run_dag(d, conf={"n": "5"})'), /ValueError: Param value '5' is not of type integer/],
    ['a param the DAG does not declare', dagWith('', 'return 1', 'run_dag(d, conf={"m": 1})'), /ValueError: run_conf names params the DAG t does not declare: m/],
  ])('refuses %s', (_what, program, message) => {
    const result = python(program);
    expect(result.status).not.toBe(0);
    expect(lastLine(result.stderr)).toMatch(message);
  });

  it.each([
    ['a real context key it does not fill', 'return context["ds"]', /NotImplementedError: The stand-in does not provide context\['ds'\]/],
    ['an Airflow 2 context key in an Airflow 3 DAG', 'return context["triggering_dataset_events"]', /KeyError: 'triggering_dataset_events'/],
    ['xcom_pull from a task the DAG does not have', 'return context["ti"].xcom_pull(task_ids="train")', /KeyError: "xcom_pull\(task_ids='train'\): the DAG t has no such task"/],
    ['a return value XCom cannot store', 'return {1, 2}', /TypeError: Object of type set is not JSON serializable/],
    ['an outlet event for an asset that is not an outlet', 'context["outlet_events"][Asset(name="x", uri="x://a")].extra = {}', /KeyError: "Asset\(name='x', uri='x:\/\/a\/'\) is not an outlet of task a"/],
  ])('fails the task that reads %s', (_what, body, message) => {
    const result = python(dagWith('', body));
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toMatch(message);
  });

  it('fails a branch that names a task that is not directly downstream', () => {
    const program = `
from airflow.sdk import dag, task
from airflow._run import run_dag

@dag(dag_id="b")
def b():
    @task.branch(task_id="pick")
    def pick(**context):
        return "far"
    @task(task_id="near")
    def near(**context):
        return 1
    @task(task_id="far")
    def far(**context):
        return 2
    p, n, f = pick(), near(), far()
    p >> n
    n >> f

r = run_dag(b())
print(r.states, r.errors["pick"])
`;
    const result = python(program);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe(
      "{'pick': 'failed', 'near': 'upstream_failed', 'far': 'upstream_failed'} ValueError: 'branch_task_ids' must contain only valid task_ids. Invalid tasks found: ['far'].",
    );
  });

  it("decides every finished mix of upstream states as Airflow's TriggerRuleDep table says", () => {
    const done = (Object.keys(MIXES) as MixName[]).filter((mix) => MIXES[mix].every((s) => ['success', 'failed', 'upstream_failed', 'skipped'].includes(s)));
    const cases = TRIGGER_RULES.flatMap((rule) => done.map((mix) => ({ rule, mix, states: MIXES[mix] })));
    const result = python(`
import json
from airflow._dag import TriggerRule
from airflow._run import decide
print(json.dumps([decide(TriggerRule(c["rule"]), list(c["states"])) for c in json.loads(sys.argv[1])]))
`.replace('sys.argv[1]', JSON.stringify(JSON.stringify(cases))));
    expect(result.stderr).toBe('');
    const verdicts = JSON.parse(result.stdout) as string[];
    expect(verdicts.map((v) => (v === 'run' ? 'ready' : v))).toEqual(cases.map((c) => expectedVerdict(c.rule, c.mix)));
    expect(cases.length).toBe(TRIGGER_RULES.length * 8);
  });
});
