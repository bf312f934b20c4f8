import { STATE_STYLE, type VizState } from '../viz/stateStyle';

/** A state as a coloured pill with its icon and name: colour is never the only signal. */
export function StateBadge({ state, testId }: { state: VizState; testId?: string }) {
  const style = STATE_STYLE[state];
  return (
    <span
      className="state-badge"
      data-testid={testId}
      data-state={state}
      style={{ background: style.fill, borderColor: style.stroke, color: style.text }}
    >
      <span aria-hidden="true">{style.icon}</span> {style.label}
    </span>
  );
}
