import type { DagId } from '../../core/ids';
import { useActions, usePlayground } from '../PlaygroundContext';
import './pauseToggle.css';

/**
 * Airflow's pause switch. A toggle button: its name stays "Pause <dag>" and aria-pressed carries the state, which the
 * visible word ("paused" / "active") and the knob's position repeat for sighted people. The word sits beside the
 * button, inside a label that also toggles it, so the button's name holds all of the button's own visible text.
 */
export function PauseToggle({ dagId }: { dagId: DagId }) {
  const { setPaused } = useActions();
  const paused = usePlayground((s) => s.scheduler?.paused[dagId] === true);
  const ready = usePlayground((s) => s.status === 'ready');
  return (
    <label className="pause-toggle-wrap" data-disabled={!ready || undefined}>
      <button
        type="button"
        className="pause-toggle"
        aria-pressed={paused}
        aria-label={`Pause ${dagId}`}
        title={paused ? `${dagId} is paused: it starts no runs and queues no dataset events` : `${dagId} is active`}
        data-testid={`pause-${dagId}`}
        disabled={!ready}
        onClick={() => setPaused(dagId, !paused)}
      >
        <span className="pause-track" aria-hidden="true">
          <span className="pause-knob" />
        </span>
      </button>
      <span className="pause-text" aria-hidden="true">
        {paused ? 'paused' : 'active'}
      </span>
    </label>
  );
}
