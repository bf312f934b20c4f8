"""Running a stand-in DAG the way `dag.test()` does: every task once, in topological order, in this process.

Trigger rules decide each task from its direct upstream states (Airflow's TriggerRuleDep, all upstream done); a
branch skips the direct downstream tasks it did not name (and must name direct downstream tasks only); a
short-circuit task that returns a falsy value skips everything downstream; return values go through JSON as XCom; a
failed try with retries left is retried after the delay Airflow's `next_retry_datetime` computes (recorded, not
slept); a task that succeeds emits an asset event for each outlet, with the extra it set through `outlet_events`.
Not modelled: pools, concurrency limits and execution timeouts (recorded only), deferral, mapped tasks.
"""
from __future__ import annotations

import hashlib
import json
import logging
import math
from datetime import datetime, timedelta, timezone

from airflow._dag import TriggerRule

AIRFLOW3_CONTEXT_KEYS = frozenset(
    "conn dag dag_run data_interval_end data_interval_start outlet_events ds ds_nodash expanded_ti_count exception "
    "inlets inlet_events logical_date macros map_index_template outlets params prev_data_interval_start_success "
    "prev_data_interval_end_success prev_start_date_success prev_end_date_success reason run_id start_date task "
    "task_reschedule_count task_instance task_instance_key_str templates_dict test_mode ti triggering_asset_events "
    "try_number ts ts_nodash ts_nodash_with_tz var".split()
)
# Airflow 2.9's keys (2.10 added outlet_events and inlet_events; an export for 2.9-2.10 must not rely on them).
AIRFLOW2_CONTEXT_KEYS = frozenset(
    "conf conn dag dag_run data_interval_end data_interval_start ds ds_nodash execution_date expanded_ti_count "
    "exception inlets logical_date macros map_index_template next_ds next_ds_nodash next_execution_date outlets params "
    "prev_data_interval_start_success prev_data_interval_end_success prev_ds prev_ds_nodash prev_execution_date "
    "prev_execution_date_success prev_start_date_success prev_end_date_success run_id task task_instance "
    "task_instance_key_str test_mode templates_dict ti tomorrow_ds tomorrow_ds_nodash triggering_dataset_events ts "
    "ts_nodash ts_nodash_with_tz var yesterday_ds yesterday_ds_nodash".split()
)
CONTEXT_KEYS = {3: AIRFLOW3_CONTEXT_KEYS, 2: AIRFLOW2_CONTEXT_KEYS}
MAX_RETRY_DELAY = 86400
_CLOCK = [datetime(2026, 1, 1, tzinfo=timezone.utc)]


class NotProvided:
    """A real context key the stand-in does not fill: any use of it fails, so nothing silently reads a fake value."""

    def __init__(self, key):
        object.__setattr__(self, "_key", key)

    def _fail(self, *args, **kwargs):
        raise NotImplementedError("The stand-in does not provide context[%r]; extend tests/export/standin if the export needs it" % self._key)

    __getattr__ = __call__ = __bool__ = __str__ = __iter__ = __len__ = __getitem__ = __eq__ = __hash__ = _fail


class DagRun:
    __slots__ = ("dag_id", "run_id", "run_type", "conf", "logical_date")

    def __init__(self, dag_id, run_id, run_type, conf, logical_date):
        self.dag_id, self.run_id, self.run_type, self.conf, self.logical_date = dag_id, run_id, run_type, conf, logical_date


class TaskInstance:
    __slots__ = ("dag_id", "task_id", "run_id", "try_number", "map_index", "_run")

    def __init__(self, run, task, try_number):
        self.dag_id, self.task_id, self.run_id, self.try_number, self.map_index, self._run = run.dag.dag_id, task.task_id, run.run_id, try_number, -1, run

    def xcom_pull(self, task_ids=None, dag_id=None, key="return_value", include_prior_dates=False, *, map_indexes=None, default=None, run_id=None):
        if dag_id is not None or include_prior_dates or map_indexes is not None or run_id is not None or key != "return_value":
            raise NotImplementedError("The stand-in pulls the return value of tasks of the same run only")
        ids = [task_ids] if isinstance(task_ids, str) else task_ids
        if not ids:
            raise NotImplementedError("xcom_pull without task_ids")
        for task_id in ids:
            if task_id not in self._run.dag.tasks:
                raise KeyError("xcom_pull(task_ids=%r): the DAG %s has no such task" % (task_id, self.dag_id))
        values = [self._run.xcoms.get(task_id, default) for task_id in ids]
        return values[0] if isinstance(task_ids, str) else values


class OutletEvent:
    __slots__ = ("extra",)

    def __init__(self):
        self.extra = {}


class OutletEvents:
    """context["outlet_events"]: an accessor per outlet of the running task; any other asset is an error here."""

    def __init__(self, task):
        self._task, self._events = task, {}

    def __getitem__(self, asset):
        if asset not in self._task.outlets:
            raise KeyError("%r is not an outlet of task %s" % (asset, self._task.task_id))
        return self._events.setdefault(asset, OutletEvent())


class Run:
    def __init__(self, dag, run_id, run_type, conf, logical_date, params, triggering_events):
        self.dag, self.run_id, self.run_type, self.conf, self.logical_date = dag, run_id, run_type, conf, logical_date
        self.params, self.triggering_events = params, triggering_events
        self.states, self.xcoms, self.tries, self.errors, self.retry_waits, self.logs = {}, {}, {}, {}, {}, {}
        self.events, self.callback_errors, self.state = [], [], None
        self.dag_run = DagRun(dag.dag_id, run_id, run_type, conf, logical_date)


def resolve_params(dag, conf):
    conf = dict(conf or {})
    unknown = sorted(set(conf) - set(dag.params))
    if unknown:
        raise ValueError("run_conf names params the DAG %s does not declare: %s" % (dag.dag_id, ", ".join(unknown)))
    return {name: param.resolve(conf.get(name, param.default)) for name, param in dag.params.items()}


def topological_order(dag):
    waiting = {task_id: len(task.upstream) for task_id, task in dag.tasks.items()}
    ready = [task_id for task_id in dag.tasks if waiting[task_id] == 0]
    order = []
    while ready:
        task_id = ready.pop(0)
        order.append(task_id)
        for down in dag.tasks[task_id].downstream:
            waiting[down] -= 1
            if waiting[down] == 0:
                ready.append(down)
    if len(order) != len(dag.tasks):
        raise ValueError("The DAG %s has a cycle" % dag.dag_id)
    return order


def decide(rule, upstream_states):
    """What a task becomes once every direct upstream task is done: 'run', 'skipped' or 'upstream_failed'."""
    n = len(upstream_states)
    if n == 0 or rule in (TriggerRule.ALWAYS, TriggerRule.ALL_DONE):
        return "run"
    count = {state: upstream_states.count(state) for state in ("success", "skipped", "failed", "upstream_failed")}
    success, skipped, failed, upstream_failed = count["success"], count["skipped"], count["failed"], count["upstream_failed"]
    if rule == TriggerRule.ALL_SUCCESS:
        return "upstream_failed" if failed or upstream_failed else "skipped" if skipped else "run"
    if rule == TriggerRule.ALL_FAILED:
        return "skipped" if success or skipped else "run"
    if rule == TriggerRule.ALL_SKIPPED:
        return "skipped" if success or failed or upstream_failed else "run"
    if rule == TriggerRule.ONE_SUCCESS:
        return "skipped" if skipped == n else "upstream_failed" if success == 0 else "run"
    if rule == TriggerRule.ONE_FAILED:
        return "run" if failed or upstream_failed else "skipped"
    if rule == TriggerRule.ONE_DONE:
        return "run" if failed or success else "skipped"
    if rule == TriggerRule.NONE_FAILED:
        return "upstream_failed" if failed or upstream_failed else "run"
    if rule == TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS:
        return "upstream_failed" if failed or upstream_failed else "skipped" if skipped == n else "run"
    if rule == TriggerRule.NONE_SKIPPED:
        return "skipped" if skipped else "run"
    raise NotImplementedError("Trigger rule %s is not modelled by the stand-in" % rule.value)


def retry_delay_seconds(run, task, try_number):
    """Airflow's TaskInstance.next_retry_datetime - end_date, in seconds (3.2+ reads the backoff as a multiplier)."""
    delay = task.retry_delay
    backoff = task.retry_exponential_backoff
    multiplier = (backoff if backoff != 0 else 1.0) if run.dag.flavour == 3 else (2 if backoff else 1.0)
    if multiplier != 1.0 and multiplier > 0:
        try:
            min_backoff = math.ceil(delay.total_seconds() * (multiplier ** (try_number - 1)))
        except OverflowError:
            min_backoff = MAX_RETRY_DELAY
        min_backoff = max(1, min_backoff)
        key = "%s#%s#%s#%s" % (run.dag.dag_id, task.task_id, run.logical_date, try_number)
        ti_hash = int(hashlib.sha1(key.encode()).hexdigest(), 16)
        delay = timedelta(seconds=min(min_backoff + ti_hash % min_backoff, MAX_RETRY_DELAY))
        if task.max_retry_delay:
            delay = min(task.max_retry_delay, delay)
    return delay.total_seconds()


class _Capture(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lines = []

    def emit(self, record):
        self.lines.append("%s %s" % (record.levelname, record.getMessage()))


def _task_context(run, task, ti, extra=None):
    flavour = run.dag.flavour
    provided = {
        "dag": run.dag,
        "dag_run": run.dag_run,
        "params": dict(run.params),
        "run_id": run.run_id,
        "task": task,
        "task_instance": ti,
        "ti": ti,
        "logical_date": run.logical_date,
        "outlets": list(task.outlets),
        "test_mode": True,
        ("triggering_asset_events" if flavour == 3 else "triggering_dataset_events"): run.triggering_events,
    }
    if flavour == 3:
        provided["try_number"] = ti.try_number
    provided.update(extra or {})
    return provided


def _call_callback(run, where, callback, context):
    if callback is None:
        return
    try:
        callback(context)
    except Exception as error:  # Airflow logs a failing callback and goes on; the stand-in reports it as a bug
        run.callback_errors.append("%s: %r" % (where, error))


def _run_task(run, task, outlet_events_by_task):
    retries_left = task.retries
    try_number = 0
    while True:
        try_number += 1
        ti = TaskInstance(run, task, try_number)
        outlet_events = OutletEvents(task)
        context = {key: NotProvided(key) for key in CONTEXT_KEYS[run.dag.flavour] if key != "exception"}
        context.update(_task_context(run, task, ti))
        if run.dag.flavour == 3:
            context["outlet_events"] = outlet_events
        _call_callback(run, "%s on_execute" % task.task_id, task.callbacks["execute"], _task_context(run, task, ti))
        capture = _Capture()
        logging.getLogger().addHandler(capture)
        try:
            result = task.fn(**context)
            result = json.loads(json.dumps(result, default=_not_json))  # XCom: JSON, as Airflow's default backend stores it
            if task.kind == "branch":
                chosen = [] if result is None else [result] if isinstance(result, str) else result
                if not isinstance(chosen, list) or not all(isinstance(c, str) for c in chosen):
                    raise TypeError("Branch %s must return a task id or a list of them, got %r" % (task.task_id, result))
                invalid = [c for c in chosen if c not in task.downstream]
                if invalid:
                    raise ValueError("'branch_task_ids' must contain only valid task_ids. Invalid tasks found: %s." % invalid)
        except Exception as error:
            run.errors[task.task_id] = "%s: %s" % (type(error).__name__, error)
            logging.getLogger().removeHandler(capture)
            run.logs.setdefault(task.task_id, []).extend(capture.lines + ["ERROR %s: %s" % (type(error).__name__, error)])
            failure_context = dict(_task_context(run, task, ti), exception=error)
            if retries_left > 0:
                retries_left -= 1
                run.retry_waits.setdefault(task.task_id, []).append(retry_delay_seconds(run, task, try_number))
                _call_callback(run, "%s on_retry" % task.task_id, task.callbacks["retry"], failure_context)
                continue
            run.tries[task.task_id] = try_number
            _call_callback(run, "%s on_failure" % task.task_id, task.callbacks["failure"], failure_context)
            return "failed", None
        logging.getLogger().removeHandler(capture)
        run.logs.setdefault(task.task_id, []).extend(capture.lines)
        run.tries[task.task_id] = try_number
        run.xcoms[task.task_id] = result
        outlet_events_by_task[task.task_id] = outlet_events
        _call_callback(run, "%s on_success" % task.task_id, task.callbacks["success"], _task_context(run, task, ti))
        return "success", result


def _not_json(value):
    if isinstance(value, NotProvided):
        value._fail()
    raise TypeError("Object of type %s is not JSON serializable" % type(value).__name__)


def _descendants(dag, task_id):
    found, stack = set(), list(dag.tasks[task_id].downstream)
    while stack:
        current = stack.pop()
        if current not in found:
            found.add(current)
            stack.extend(dag.tasks[current].downstream)
    return found


def run_dag(dag, conf=None, run_type="manual", triggering_events=None):
    _CLOCK[0] += timedelta(minutes=1)
    logical_date = _CLOCK[0]
    prefix = {"manual": "manual", "asset_triggered": "asset_triggered" if dag.flavour == 3 else "dataset_triggered"}[run_type]
    run = Run(dag, "%s__%s" % (prefix, logical_date.isoformat()), run_type, conf, logical_date, resolve_params(dag, conf), triggering_events or {})
    outlet_events_by_task = {}
    for task_id in topological_order(dag):
        task = dag.tasks[task_id]
        if task_id in run.states:  # skipped by a branch or a short-circuit
            continue
        verdict = decide(task.trigger_rule, [run.states[up] for up in task.upstream])
        if verdict != "run":
            run.states[task_id] = verdict
            continue
        state, result = _run_task(run, task, outlet_events_by_task)
        run.states[task_id] = state
        if state != "success":
            continue
        for asset in task.outlets:
            event = outlet_events_by_task[task_id]._events.get(asset)
            run.events.append({"asset": asset, "key": (asset.name, asset.uri), "extra": dict(event.extra) if event else {}, "task_id": task_id})
        if task.kind == "branch":
            chosen = [] if result is None else [result] if isinstance(result, str) else result
            for down in task.downstream:
                if down not in chosen:
                    run.states[down] = "skipped"
        elif task.kind == "short_circuit" and not result:
            for down in _descendants(dag, task_id):
                run.states[down] = "skipped"
    leaves = [task_id for task_id, task in dag.tasks.items() if not task.downstream]
    run.state = "failed" if any(run.states[leaf] in ("failed", "upstream_failed") for leaf in leaves) else "success"
    dag_context = {"dag": dag, "dag_run": run.dag_run, "run_id": run.run_id, "reason": "task_failure" if run.state == "failed" else "success"}
    _call_callback(run, "%s on_%s" % (dag.dag_id, run.state), dag.callbacks["failure" if run.state == "failed" else "success"], dag_context)
    return run
