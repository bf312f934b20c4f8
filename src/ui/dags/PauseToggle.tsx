import { useId } from 'react';
import type { DagId } from '../../core/ids';
import { useCommand, usePlayground } from '../PlaygroundContext';
import { own } from '../../core/ownKeys';
import { displayText } from '../../core/displayText';

/**
 * Airflow's pause switch, as a toggle button: aria-pressed carries the state, which the visible word ("paused" /
 * "active") and the knob's position repeat for sighted people. Its name is "Pause <dag>" followed by that word
 * (aria-labelledby), so what a person sees on the button is part of what a voice-control user says to press it.
 */
export function PauseToggle({ dagId }: { dagId: DagId }) {
  const execute = useCommand();
  const paused = usePlayground((s) => own(s.scheduler?.paused, dagId) === true);
  const ready = usePlayground((s) => s.status === 'ready');
  const id = useId();
  return (
    <>
      <span id={`${id}-name`} hidden>
        Pause {displayText(dagId)}
      </span>
      <button
        type="button"
        className="pause-toggle"
        aria-pressed={paused}
        aria-labelledby={`${id}-name ${id}-state`}
        title={paused ? `${displayText(dagId)} is paused: it starts no runs and queues no dataset events` : `${displayText(dagId)} is active`}
        data-testid={`pause-${dagId}`}
        disabled={!ready}
        onClick={() => execute({ type: 'setPaused', dagId, paused: !paused })}
      >
        <span className="pause-track" aria-hidden="true">
          <span className="pause-knob" />
        </span>
        <span className="pause-text" id={`${id}-state`}>
          {paused ? 'paused' : 'active'}
        </span>
      </button>
    </>
  );
}
