import { LEGEND_ORDER, STATE_STYLE, type VizState } from './stateStyle';
import './graph.css';

export interface LegendProps {
  /** Which states to list, in order; Airflow's task states by default. */
  states?: readonly VizState[];
  testId?: string;
}

/**
 * The key to the graph's colours and glyphs: each state as a swatch (its fill and outline, with its glyph on it) and
 * its name. A list with a label, so screen readers announce "Task states, list, 9 items".
 */
export function Legend({ states = LEGEND_ORDER, testId = 'state-legend' }: LegendProps) {
  return (
    <ul className="state-legend" data-testid={testId} aria-label="Task states">
      {states.map((state) => {
        const style = STATE_STYLE[state];
        return (
          <li key={state} className="state-legend-item" data-state={state}>
            <span
              className="state-legend-swatch"
              aria-hidden="true"
              style={{ background: style.fill, borderColor: style.stroke, color: style.text }}
            >
              {style.icon}
            </span>
            {style.label}
          </li>
        );
      })}
    </ul>
  );
}
