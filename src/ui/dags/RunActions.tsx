import { useEffect, useState } from 'react';
import type { DagRun } from '../../core/model';
import { isRunFinished } from '../../core/states';
import { useCommand, usePlayground } from '../PlaygroundContext';

type Mark = 'failed' | 'success';

const CONFIRM_TEXT: Record<Mark, string> = {
  failed: 'Stop this run? Tries in flight are stopped and fail, tasks not started are skipped, the run ends failed.',
  success: 'Mark this run a success? Unfinished tasks become successes without running; no asset events are emitted.',
};

/**
 * Airflow's run actions. Mark run failed stops a run that is queued or running; Mark run success ends a run as a
 * success. Both change states by hand: no callbacks fire, no dataset event is emitted. Each asks for a confirmation
 * first, since a try in flight is stopped.
 */
export function RunActions({ run }: { run: DagRun }) {
  const execute = useCommand();
  const ready = usePlayground((s) => s.status === 'ready');
  const [asking, setAsking] = useState<Mark | null>(null);
  const active = !isRunFinished(run.state);

  // Another run shown, or this one changed state meanwhile: the question no longer applies.
  useEffect(() => setAsking(null), [run.id, run.state]);

  if (asking) {
    return (
      <span className="run-actions" role="group" aria-label="Confirm run action" style={{ display: 'inline-flex', flexWrap: 'wrap', alignItems: 'center', gap: '0.4rem' }}>
        <span data-testid="run-mark-question">{CONFIRM_TEXT[asking]}</span>
        <button
          type="button"
          className="primary"
          data-testid="run-mark-confirm"
          disabled={!ready}
          onClick={() => {
            execute({ type: 'markRun', runId: run.id, state: asking });
            setAsking(null);
          }}
        >
          {asking === 'failed' ? 'Stop this run' : 'Mark run success'}
        </button>
        <button type="button" data-testid="run-mark-cancel" onClick={() => setAsking(null)}>
          Cancel
        </button>
      </span>
    );
  }
  return (
    <span className="run-actions" role="group" aria-label={`Actions on run ${run.id}`} style={{ display: 'inline-flex', gap: '0.4rem' }}>
      {active && (
        <button type="button" data-testid="run-mark-failed" disabled={!ready} title="Stop this run" onClick={() => setAsking('failed')}>
          <span aria-hidden="true">■</span> Mark run failed
        </button>
      )}
      {run.state !== 'success' && (
        <button type="button" data-testid="run-mark-success" disabled={!ready} onClick={() => setAsking('success')}>
          <span aria-hidden="true">✓</span> Mark run success
        </button>
      )}
    </span>
  );
}
