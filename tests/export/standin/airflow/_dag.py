"""The stand-in's DAG model: @dag, @task (.branch, .short_circuit), Param, TriggerRule, `>>`.

Only the arguments the playground's export writes are accepted, each checked for the type Airflow checks; anything
else raises TypeError, as a misspelt argument does in Airflow. A DAG built here records its flavour (3: airflow.sdk
and Asset; 2: airflow.decorators and Dataset) and refuses to be mixed with the other one.
"""
from __future__ import annotations

import enum
import re
from datetime import datetime, timedelta

from airflow._assets import Asset, BaseAsset, Dataset

KEY = re.compile(r"^[\w.-]{1,250}$")
# Every DAG a module created, in order: the runner reads them as Airflow's DAG processor collects them.
REGISTRY = []
_CURRENT = []


class TriggerRule(str, enum.Enum):
    ALL_SUCCESS = "all_success"
    ALL_FAILED = "all_failed"
    ALL_DONE = "all_done"
    ALL_DONE_SETUP_SUCCESS = "all_done_setup_success"
    ONE_SUCCESS = "one_success"
    ONE_FAILED = "one_failed"
    ONE_DONE = "one_done"
    NONE_FAILED = "none_failed"
    NONE_SKIPPED = "none_skipped"
    ALWAYS = "always"
    NONE_FAILED_MIN_ONE_SUCCESS = "none_failed_min_one_success"
    ALL_SKIPPED = "all_skipped"


PARAM_TYPES = {"integer": int, "number": (int, float), "string": str, "boolean": bool}


class Param:
    """A DAG param with the JSON-schema keywords the export writes; the value is checked when a run starts."""

    def __init__(self, default, *, type, minimum=None, maximum=None, enum=None, description=None):
        if type not in PARAM_TYPES:
            raise TypeError("Param type %r is not one the stand-in knows (%s)" % (type, ", ".join(PARAM_TYPES)))
        self.default, self.type, self.minimum, self.maximum, self.enum, self.description = default, type, minimum, maximum, enum, description
        self.resolve(default)

    def resolve(self, value):
        wanted = PARAM_TYPES[self.type]
        if isinstance(value, bool) and self.type != "boolean" or not isinstance(value, wanted):
            raise ValueError("Param value %r is not of type %s" % (value, self.type))
        if self.minimum is not None and value < self.minimum:
            raise ValueError("Param value %r is less than the minimum of %r" % (value, self.minimum))
        if self.maximum is not None and value > self.maximum:
            raise ValueError("Param value %r is greater than the maximum of %r" % (value, self.maximum))
        if self.enum is not None and value not in self.enum:
            raise ValueError("Param value %r is not one of %r" % (value, self.enum))
        return value


def _need(value, types, what):
    if not isinstance(value, types) or (isinstance(value, bool) and bool not in (types if isinstance(types, tuple) else (types,))):
        raise TypeError("%s must be %s, got %r" % (what, types, value))
    return value


class Task:
    def __init__(self, dag, fn, kind, task_id, retries, retry_delay, retry_exponential_backoff, max_retry_delay,
                 execution_timeout, trigger_rule, outlets, pool, pool_slots, callbacks):
        self.dag, self.fn, self.kind, self.task_id = dag, fn, kind, task_id
        self.retries, self.retry_delay, self.retry_exponential_backoff, self.max_retry_delay = retries, retry_delay, retry_exponential_backoff, max_retry_delay
        self.execution_timeout, self.trigger_rule, self.outlets, self.pool, self.pool_slots = execution_timeout, trigger_rule, outlets, pool, pool_slots
        self.callbacks = callbacks
        self.upstream, self.downstream = [], []

    def __rshift__(self, other):
        if not isinstance(other, Task) or other.dag is not self.dag:
            raise TypeError(">> links tasks of the same DAG, got %r" % (other,))
        if other.task_id not in self.downstream:
            self.downstream.append(other.task_id)
            other.upstream.append(self.task_id)
        return other

    def __repr__(self):
        return "<Task %s.%s>" % (self.dag.dag_id, self.task_id)


def _task_factory(flavour, kind):
    def decorator(*, task_id, retries=0, retry_delay=timedelta(seconds=300), retry_exponential_backoff=None,
                  max_retry_delay=None, execution_timeout=None, trigger_rule=TriggerRule.ALL_SUCCESS, outlets=None,
                  pool="default_pool", pool_slots=1, on_execute_callback=None, on_success_callback=None,
                  on_failure_callback=None, on_retry_callback=None):
        if not isinstance(task_id, str) or not KEY.match(task_id):
            raise ValueError("The key %r has to be made of alphanumeric characters, dashes, dots and underscores exclusively" % (task_id,))
        _need(retries, int, "retries")
        _need(retry_delay, timedelta, "retry_delay")
        if retry_exponential_backoff is None:
            retry_exponential_backoff = 0 if flavour == 3 else False
        elif flavour == 3:
            if isinstance(retry_exponential_backoff, bool):
                # Airflow 3.2+ reads the multiplier: True is 1, which means no backoff at all.
                raise TypeError("retry_exponential_backoff=%r is the multiplier 1 on Airflow 3.2+ (no backoff): write 2.0" % retry_exponential_backoff)
            _need(retry_exponential_backoff, (int, float), "retry_exponential_backoff")
        else:
            _need(retry_exponential_backoff, bool, "retry_exponential_backoff")
        for name, value in (("max_retry_delay", max_retry_delay), ("execution_timeout", execution_timeout)):
            if value is not None:
                _need(value, timedelta, name)
        if not isinstance(trigger_rule, TriggerRule):
            trigger_rule = TriggerRule(trigger_rule)
        asset_type = Asset if flavour == 3 else Dataset
        outlets = list(outlets or [])
        for outlet in outlets:
            if not isinstance(outlet, asset_type):
                raise TypeError("An Airflow %d outlet must be %s, got %r" % (flavour, asset_type.__name__, outlet))
        _need(pool, str, "pool")
        if _need(pool_slots, int, "pool_slots") < 1:
            raise ValueError("pool slots for %s cannot be less than 1" % task_id)
        callbacks = {"execute": on_execute_callback, "success": on_success_callback, "failure": on_failure_callback, "retry": on_retry_callback}
        for name, callback in callbacks.items():
            if callback is not None and not callable(callback):
                raise TypeError("on_%s_callback must be callable" % name)

        def wrap(fn):
            def instantiate(*args, **kwargs):
                if args or kwargs:
                    raise TypeError("The exported tasks take their inputs from the context, not from arguments")
                if not _CURRENT:
                    raise RuntimeError("Task %s was called outside a @dag function" % task_id)
                dag = _CURRENT[-1]
                if dag.flavour != flavour:
                    raise TypeError("Airflow %d task %s used in an Airflow %d DAG" % (flavour, task_id, dag.flavour))
                if task_id in dag.tasks:
                    raise ValueError("Task id %r has already been added to the DAG" % task_id)
                task = Task(dag, fn, kind, task_id, retries, retry_delay, retry_exponential_backoff, max_retry_delay,
                            execution_timeout, trigger_rule, outlets, pool, pool_slots, callbacks)
                dag.tasks[task_id] = task
                return task

            return instantiate

        return wrap

    return decorator


class _TaskNamespace:
    def __init__(self, flavour):
        self._call = _task_factory(flavour, "task")
        self.branch = _task_factory(flavour, "branch")
        self.short_circuit = _task_factory(flavour, "short_circuit")

    def __call__(self, **kwargs):
        return self._call(**kwargs)


class DAG:
    def __init__(self, flavour, dag_id, schedule, start_date, catchup, max_active_runs, max_active_tasks, params,
                 on_success_callback, on_failure_callback, tags, description):
        self.flavour, self.dag_id, self.schedule = flavour, dag_id, schedule
        self.start_date, self.catchup, self.max_active_runs, self.max_active_tasks = start_date, catchup, max_active_runs, max_active_tasks
        self.params, self.tags, self.description = params, tags, description
        self.callbacks = {"success": on_success_callback, "failure": on_failure_callback}
        self.tasks = {}

    def test(self, run_conf=None):
        """What `python <module>.py` runs: every task once, in this process (see airflow._run)."""
        from airflow._run import run_dag

        result = run_dag(self, conf=run_conf)
        for task_id, state in result.states.items():
            print("%-40s %s" % (task_id, state))
        print("Dag run %s: %s" % (result.run_id, result.state))
        return result

    def __repr__(self):
        return "<DAG %s>" % self.dag_id


def _dag_factory(flavour):
    asset_type = Asset if flavour == 3 else Dataset

    def dag(*, dag_id, schedule=None, start_date=None, catchup=False, max_active_runs=None, max_active_tasks=None,
            params=None, on_success_callback=None, on_failure_callback=None, tags=None, description=None):
        if not isinstance(dag_id, str) or not KEY.match(dag_id):
            raise ValueError("The key %r has to be made of alphanumeric characters, dashes, dots and underscores exclusively" % (dag_id,))
        if isinstance(schedule, list):
            if not schedule or not all(isinstance(a, asset_type) for a in schedule):
                raise TypeError("A list schedule holds %s objects, got %r" % (asset_type.__name__, schedule))
        elif schedule is not None and not isinstance(schedule, BaseAsset):
            raise NotImplementedError("The stand-in runs manual and %s schedules only, got %r" % (asset_type.__name__, schedule))
        if isinstance(schedule, (BaseAsset, list)):
            _check_flavour(schedule, asset_type)
        if start_date is not None:
            _need(start_date, datetime, "start_date")
        _need(catchup, bool, "catchup")
        for name, value in (("max_active_runs", max_active_runs), ("max_active_tasks", max_active_tasks)):
            if value is not None and _need(value, int, name) < 1:
                raise ValueError("%s must be at least 1" % name)
        params = dict(params or {})
        for name, param in params.items():
            if not isinstance(param, Param):
                raise TypeError("Param %r must be a Param(...) here (the export writes every param so)" % name)

        def wrap(fn):
            def build():
                built = DAG(flavour, dag_id, schedule, start_date, catchup, max_active_runs, max_active_tasks, params,
                            on_success_callback, on_failure_callback, tags, description or fn.__doc__)
                _CURRENT.append(built)
                try:
                    fn()
                finally:
                    _CURRENT.pop()
                REGISTRY.append(built)
                return built

            return build

        return wrap

    return dag


def _check_flavour(schedule, asset_type):
    members = schedule if isinstance(schedule, list) else getattr(schedule, "objects", [schedule])
    for member in members:
        if isinstance(member, (Asset, Dataset)):
            if not isinstance(member, asset_type):
                raise TypeError("A %s in the schedule of a DAG that uses %s" % (type(member).__name__, asset_type.__name__))
        else:
            _check_flavour(member, asset_type)


def schedule_triggered(schedule, updated):
    """Whether a DAG with this schedule gets a run after these (name, uri) keys were updated."""
    if isinstance(schedule, list):
        return all(asset.evaluate(updated) for asset in schedule)
    return schedule.evaluate(updated)


dag_airflow3, task_airflow3 = _dag_factory(3), _TaskNamespace(3)
dag_airflow2, task_airflow2 = _dag_factory(2), _TaskNamespace(2)
