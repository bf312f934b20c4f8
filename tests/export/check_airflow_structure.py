#!/usr/bin/env python3
"""Checks the Airflow modules `npm run export:airflow -- <dir>` wrote against the playground's own DAG JSON.

Usage: python3 tests/export/check_airflow_structure.py <dir> [--authored stub]

<dir> holds one <dag>.py per DAG and dags.json (the playground's DAG definitions, format pipeline-playground/dags).
Each module is read with the standard library's `ast`, never imported: the Airflow version it is written for (3:
`from airflow.sdk import`, assets; 2: `airflow.decorators`, datasets), the @dag(...) decorator (dag_id, schedule with
& / |, params, max_active_runs / max_active_tasks), the module's Asset(name=, uri=) or Dataset(uri) variables, each
@task / @task.branch / @task.short_circuit (task_id, retries, retry_delay, retry_exponential_backoff,
max_retry_delay, execution_timeout, trigger_rule, outlets, pool, pool_slots), and the `upstream >> downstream` lines.
A task written in TypeScript in the page (`callable` into its DAG's `source`) must hold that function's text in its
docstring, cut from the file here, and raise NotImplementedError; with `--authored stub` (what the export was made
with), a plain such task must be @task.stub(queue="typescript") with a handler registered in typescript/src/<dag>.ts.
The expectations are derived here from dags.json, independently of the TypeScript generator, with asset URIs
normalized as Airflow's `_sanitize_uri` does (`x://a` -> `x://a/`), so a mistake in either shows up as a difference.
Exits 1 and lists every difference.
"""
from __future__ import annotations

import ast
import json
import os
import sys
import textwrap
import urllib.parse

DEFAULT_POOL = "default_pool"


def literal(node):
    return ast.literal_eval(node)


def keywords(call):
    return {kw.arg: kw.value for kw in call.keywords if kw.arg is not None}


def timedelta_ms(node):
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "timedelta"):
        raise ValueError("expected timedelta(...), got " + ast.dump(node))
    units = {"milliseconds": 1, "seconds": 1000, "minutes": 60000, "hours": 3600000}
    return sum(literal(value) * units[name] for name, value in keywords(node).items())


def airflow_uri(uri):
    """The URI Airflow stores for an asset: Airflow's _sanitize_uri with no provider installed."""
    parsed = urllib.parse.urlsplit(uri)
    if not parsed.scheme and not parsed.netloc:
        return uri
    scheme = parsed.scheme.lower()
    if not scheme or scheme.startswith("x-"):
        return uri
    query = urllib.parse.urlencode(sorted(urllib.parse.parse_qsl(parsed.query))) if parsed.query else ""
    netloc = parsed.netloc.rpartition("@")[2]
    return urllib.parse.urlunsplit((scheme, netloc, parsed.path.rstrip("/") or "/", query, ""))


def flatten(condition):
    """Normalises a dataset condition: nested groups of the same kind merged, one-member groups unwrapped."""
    if "dataset" in condition:
        return condition
    kind = "all" if "all" in condition else "any"
    members = []
    for member in (flatten(m) for m in condition[kind]):
        if kind in member:
            members.extend(member[kind])
        else:
            members.append(member)
    return members[0] if len(members) == 1 else {kind: members}


def expected_asset(dataset_id, uris, version):
    uri = airflow_uri(uris.get(dataset_id, "playground://" + dataset_id))
    return (dataset_id, uri) if version == 3 else uri


def expected_condition(condition, uris, version):
    if condition["type"] == "dataset":
        return {"dataset": expected_asset(condition["id"], uris, version)}
    return {condition["type"]: [expected_condition(c, uris, version) for c in condition["of"]]}


class Module:
    """What one exported module declares, read from its syntax tree."""

    def __init__(self, path):
        self.path = path
        with open(path, encoding="utf-8") as f:
            self.tree = ast.parse(f.read(), filename=path)
        self.datasets = {}
        self.dag_call = None
        self.dag_function = None
        imports = {node.module for node in self.tree.body if isinstance(node, ast.ImportFrom)}
        self.version = 3 if "airflow.sdk" in imports else 2
        expected_imports = {"airflow.sdk"} if self.version == 3 else {"airflow.datasets", "airflow.decorators", "airflow.models.param", "airflow.utils.trigger_rule"}
        found = {module for module in imports if module and module.startswith("airflow")}
        if found != expected_imports:
            raise ValueError("imports %s, expected %s for Airflow %d" % (sorted(found), sorted(expected_imports), self.version))
        self.asset_class = "Asset" if self.version == 3 else "Dataset"
        for node in self.tree.body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                value = node.value
                if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id in ("Asset", "Dataset"):
                    self.datasets[node.targets[0].id] = self.asset_of(value)
            if isinstance(node, ast.FunctionDef):
                for decorator in node.decorator_list:
                    if isinstance(decorator, ast.Call) and isinstance(decorator.func, ast.Name) and decorator.func.id == "dag":
                        self.dag_call, self.dag_function = decorator, node
        if self.dag_call is None:
            raise ValueError(path + ": no @dag(...) function")
        self.dag_args = keywords(self.dag_call)
        self.dag_id = literal(self.dag_args["dag_id"])

    def asset_of(self, call):
        """(name, uri) of Asset(name=..., uri=...) in Airflow 3, the uri of Dataset(uri) in Airflow 2."""
        if call.func.id != self.asset_class:
            raise ValueError("%s(...) in an Airflow %d module" % (call.func.id, self.version))
        if self.version == 3:
            args = keywords(call)
            if call.args or set(args) != {"name", "uri"}:
                raise ValueError("expected Asset(name=..., uri=...), got " + ast.dump(call))
            return (literal(args["name"]), literal(args["uri"]))
        return literal(call.args[0])

    def dataset_uri(self, node):
        if isinstance(node, ast.Name):
            return self.datasets[node.id]
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
            return self.asset_of(node)
        raise ValueError("expected an %s, got %s" % (self.asset_class, ast.dump(node)))

    def condition(self, node):
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.BitAnd, ast.BitOr)):
            kind = "all" if isinstance(node.op, ast.BitAnd) else "any"
            return {kind: [self.condition(node.left), self.condition(node.right)]}
        return {"dataset": self.dataset_uri(node)}

    def schedule(self):
        node = self.dag_args.get("schedule")
        if node is None or (isinstance(node, ast.Constant) and node.value is None):
            return None
        if isinstance(node, ast.List):
            # Airflow's list form: every dataset of the list (AND).
            return flatten({"all": [{"dataset": self.dataset_uri(e)} for e in node.elts]})
        return flatten(self.condition(node))

    def params(self):
        node = self.dag_args.get("params")
        if node is None:
            return {}
        out = {}
        for key, value in zip(node.keys, node.values):
            if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "Param"):
                raise ValueError("param %r is not Param(...)" % literal(key))
            spec = {"default": literal(value.args[0])}
            for name, arg in keywords(value).items():
                if name != "description":
                    spec[name] = literal(arg)
            out[literal(key)] = spec
        return out

    def tasks(self):
        """task_id -> settings, and the variable each task instance is bound to."""
        tasks, by_function = {}, {}
        for node in self.dag_function.body:
            if not isinstance(node, ast.FunctionDef):
                continue
            for decorator in node.decorator_list:
                if not isinstance(decorator, ast.Call):
                    continue
                func = decorator.func
                if isinstance(func, ast.Name) and func.id == "task":
                    kind = "task"
                elif isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "task":
                    kind = func.attr
                else:
                    continue
                args = keywords(decorator)
                task_id = literal(args["task_id"])
                settings = {"kind": kind, "upstream": set()}
                if kind == "stub":
                    # A task of Airflow's TypeScript SDK: a plain task whose body runs in the "typescript" queue.
                    settings["kind"], settings["stub_queue"] = "task", literal(args["queue"]) if "queue" in args else None
                if "retries" in args:
                    settings["retries"] = literal(args["retries"])
                for name, key in (
                    ("retry_delay", "retry_delay_ms"),
                    ("max_retry_delay", "max_retry_delay_ms"),
                    ("execution_timeout", "execution_timeout_ms"),
                ):
                    if name in args:
                        settings[key] = timedelta_ms(args[name])
                if "retry_exponential_backoff" in args:
                    backoff = literal(args["retry_exponential_backoff"])
                    # Airflow 3.2+ reads a multiplier (2.0 doubles, 0 is off); Airflow 2 a boolean.
                    meaning = {2.0: True, 0: False} if self.version == 3 else {True: True, False: False}
                    if type(backoff) not in ((float, int) if self.version == 3 else (bool,)) or backoff not in meaning:
                        raise ValueError("retry_exponential_backoff=%r of %r in an Airflow %d module" % (backoff, task_id, self.version))
                    settings["retry_exponential_backoff"] = meaning[backoff]
                if "trigger_rule" in args:
                    rule = args["trigger_rule"]
                    if not (isinstance(rule, ast.Attribute) and isinstance(rule.value, ast.Name) and rule.value.id == "TriggerRule"):
                        raise ValueError("trigger_rule of %r is not TriggerRule.X" % task_id)
                    settings["trigger_rule"] = rule.attr.lower()
                settings["outlets"] = [self.dataset_uri(e) for e in args["outlets"].elts] if "outlets" in args else []
                settings["pool"] = literal(args["pool"]) if "pool" in args else DEFAULT_POOL
                if "pool_slots" in args:
                    settings["pool_slots"] = literal(args["pool_slots"])
                settings["code"] = authored_code(node)
                settings["raises"] = raises_not_implemented(node)
                tasks[task_id] = settings
                by_function[node.name] = task_id
        variables = {}
        for node in self.dag_function.body:
            if (
                isinstance(node, ast.Assign)
                and isinstance(node.value, ast.Call)
                and isinstance(node.value.func, ast.Name)
                and node.value.func.id in by_function
            ):
                variables[node.targets[0].id] = by_function[node.value.func.id]
        for node in self.dag_function.body:
            if isinstance(node, ast.Expr) and isinstance(node.value, ast.BinOp) and isinstance(node.value.op, ast.RShift):
                up, down = variables[node.value.left.id], variables[node.value.right.id]
                tasks[down]["upstream"].add(up)
        return tasks


def authored_code(function):
    """The TypeScript a task's docstring holds after its marker line, dedented; None when it holds none."""
    doc = ast.get_docstring(function, clean=False)
    if doc is None or "Its TypeScript, as written in the page (" not in doc:
        return None
    after = doc.split("Its TypeScript, as written in the page (", 1)[1].split("\n", 2)
    return textwrap.dedent(after[2]).strip("\n") if len(after) == 3 else ""


def raises_not_implemented(function):
    return any(
        isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and isinstance(node.exc.func, ast.Name) and node.exc.func.id == "NotImplementedError"
        for node in function.body
    )


def function_text(source, where):
    """The text of a task's function in its file (1-based, end exclusive), as authoredTasks.ts cuts it: the first line
    given its line's indentation, then dedented."""
    lines = [line[:-1] if line.endswith("\r") else line for line in source.split("\n")]
    first, last = where["line"] - 1, where["endLine"] - 1
    if first == last:
        parts = [lines[first][where["column"] - 1 : where["endColumn"] - 1]]
    else:
        parts = [lines[first][where["column"] - 1 :]] + lines[first + 1 : last] + [lines[last][: where["endColumn"] - 1]]
    start = lines[first]
    parts[0] = start[: len(start) - len(start.lstrip(" \t"))] + parts[0]
    return textwrap.dedent("\n".join(parts)).strip("\n")


def expected_task(task, uris, version, source=None, stubbed=False):
    settings = {
        "kind": task.get("kind", "task"),
        "upstream": set(task["upstream"]),
        "outlets": [expected_asset(o, uris, version) for o in task.get("outlets", [])],
        "pool": task.get("pool", DEFAULT_POOL),
    }
    for key, name in (
        ("retries", "retries"),
        ("retryDelayMs", "retry_delay_ms"),
        ("maxRetryDelayMs", "max_retry_delay_ms"),
        ("executionTimeoutMs", "execution_timeout_ms"),
        ("retryExponentialBackoff", "retry_exponential_backoff"),
        ("triggerRule", "trigger_rule"),
        ("poolSlots", "pool_slots"),
    ):
        if key in task:
            settings[name] = task[key]
    # A task written in TypeScript in the page keeps its code in the docstring; it raises, or it is a stub.
    authored = "callable" in task and source is not None
    settings["code"] = function_text(source["text"], task["callable"]) if authored else None
    stub = authored and stubbed and settings["kind"] == "task"
    if stub:
        settings["stub_queue"] = "typescript"
    settings["raises"] = (not stub) if authored else None
    return settings


def expected_params(params):
    out = {}
    for name, spec in params.items():
        expected = {"default": spec["default"], "type": spec["type"]}
        for key in ("minimum", "maximum", "enum"):
            if key in spec:
                expected[key] = spec[key]
        out[name] = expected
    return out


def compare(dag, module, uris, problems, stubbed):
    where = "DAG %r (%s)" % (dag["id"], os.path.basename(module.path))

    def check(what, expected, actual):
        if expected != actual:
            problems.append("%s: %s differs: expected %r, got %r" % (where, what, expected, actual))

    schedule = dag["schedule"]
    expected_schedule = None if schedule["type"] == "manual" else flatten(expected_condition(schedule["condition"], uris, module.version))
    check("schedule", expected_schedule, module.schedule())
    check("params", expected_params(dag.get("params", {})), module.params())
    for key, name in (("maxActiveRuns", "max_active_runs"), ("maxActiveTasks", "max_active_tasks")):
        actual = literal(module.dag_args[name]) if name in module.dag_args else None
        check(name, dag.get(key), actual)
    tasks = module.tasks()
    check("task ids", [t["id"] for t in dag["tasks"]], list(tasks))
    for task in dag["tasks"]:
        if task["id"] in tasks:
            actual = dict(tasks[task["id"]])
            if "callable" not in task:
                actual["raises"] = None  # a built-in task's body is checked by running it (run_exported.py)
            check("task %r" % task["id"], expected_task(task, uris, module.version, dag.get("source"), stubbed), actual)
            if actual.get("stub_queue"):
                handlers = os.path.join(os.path.dirname(module.path), "typescript", "src", os.path.basename(module.path)[:-3] + ".ts")
                registration = "new TaskHandler(%s, %s, " % (json.dumps(dag["id"]), json.dumps(task["id"]))
                text = open(handlers, encoding="utf-8").read() if os.path.exists(handlers) else ""
                check("TypeScript handler of %r in %s" % (task["id"], handlers), True, registration in text)
    produced = sorted({expected_asset(o, uris, module.version) for t in dag["tasks"] for o in t.get("outlets", [])})
    check("assets produced", produced, sorted({uri for t in tasks.values() for uri in t["outlets"]}))


def main(directory, stubbed=False):
    with open(os.path.join(directory, "dags.json"), encoding="utf-8") as f:
        document = json.load(f)
    uris = {d["id"]: d["uri"] for d in document.get("datasets", [])}
    modules = {}
    problems = []
    for name in sorted(os.listdir(directory)):
        if name.endswith(".py"):
            try:
                module = Module(os.path.join(directory, name))
            except (SyntaxError, ValueError, KeyError) as error:
                problems.append("%s: %s" % (name, error))
                continue
            modules[module.dag_id] = module
    seen = list(modules.values())
    for dag in document["dags"]:
        module = modules.pop(dag["id"], None)
        if module is None:
            problems.append("DAG %r: no exported module declares it" % dag["id"])
            continue
        try:
            compare(dag, module, uris, problems, stubbed)
        except (ValueError, KeyError, AttributeError) as error:
            problems.append("DAG %r: could not read %s: %r" % (dag["id"], module.path, error))
    for dag_id, module in modules.items():
        problems.append("%s declares DAG %r, which dags.json does not have" % (module.path, dag_id))
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    versions = sorted({module.version for module in seen})
    print("%d exported DAG(s) for Airflow %s match dags.json: assets, schedules, tasks, dependencies, retries, rules, params." % (len(document["dags"]), "/".join(map(str, versions))))
    return 0


if __name__ == "__main__":
    if len(sys.argv) not in (2, 4) or (len(sys.argv) == 4 and sys.argv[2:] != ["--authored", "stub"]):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], stubbed=len(sys.argv) == 4))
