# ---- Helpers every exported module gets ------------------------------------------------------------------------------
def _callback(level, message):
    """The playground turns a callback into a notification (a toast); here it is a log line at that level."""
    levels = {"info": logging.INFO, "success": logging.INFO, "warning": logging.WARNING, "error": logging.ERROR}

    def callback(context):
        ti = context.get("task_instance")
        values = {
            "dag": context["dag"].dag_id if context.get("dag") else "",
            "task": ti.task_id if ti else "",
            "run": context.get("run_id", ""),
            "try": ti.try_number if ti else "",
            "error": context.get("exception", ""),
        }
        text = message or "callback"
        for key, value in values.items():
            text = text.replace("{" + key + "}", str(value))
        log.log(levels.get(level, logging.INFO), "%s", text)

    return callback


# The playground's sleep operator: params.sleep_ms (default 100 ms), a whole number of ms, at most a minute.
DEFAULT_SLEEP_MS = 100
MAX_SLEEP_MS = 60000


def _sleep_ms(value):
    if value is None:
        return DEFAULT_SLEEP_MS
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) or value < 0:
        raise ValueError("The sleep operator needs params.sleep_ms >= 0 (ms), got %r." % (value,))
    return min(MAX_SLEEP_MS, int(math.floor(value + 0.5)))
