import type { TaskState } from '../core/states';

/**
 * How each state looks, in the graph, the legend and the state badges.
 *
 * Colour choice: `stroke` is exactly the colour Airflow's own UI uses for the state (success `green`, failed `red`,
 * running `lime`, …), so what people learn to recognise here holds on a real cluster. Several of those hues (lime,
 * gold, tan) are too pale to carry dark text or to stand out as a fill, so `fill` is a light tint of the same hue and
 * `text` a dark shade of it that reaches WCAG AA (≥ 4.5:1) on that tint. The fills stay light in dark mode too, so the
 * text contrast holds in either theme.
 *
 * Colour is never the only signal: every state also has its own glyph (`icon`) and a spoken/written name (`label`),
 * which the graph shows and puts into each node's accessible name.
 */
/** Every task state (run states are a subset), plus the two kinds of node that have no state of their own. */
export type VizState = TaskState | 'dataset' | 'dag';

export interface StateStyle {
  /** Node/badge background: a light tint of Airflow's hue. */
  fill: string;
  /** Outline: Airflow's own state colour. */
  stroke: string;
  /** Text on `fill`: a dark shade of the hue, ≥ 4.5:1 against `fill`. */
  text: string;
  /** A glyph distinct per state, so the state reads without colour. */
  icon: string;
  /** The state's name for people (legend, aria-labels). */
  label: string;
}

// U+FE0E asks for the text (not emoji) presentation of ▶, which some platforms otherwise draw as a coloured emoji
// that ignores our fill and looks out of place next to the other, monochrome glyphs.
const TEXT_PRESENTATION = '\uFE0E';

export const STATE_STYLE: Readonly<Record<VizState, StateStyle>> = {
  // Airflow draws "no status" without a colour; white with a grey outline keeps the node visible on any background.
  none: { fill: '#ffffff', stroke: '#8c959f', text: '#24292f', icon: '○', label: 'no status' },
  scheduled: { fill: '#f6eee3', stroke: 'tan', text: '#5c4526', icon: '◷', label: 'scheduled' },
  // ⋯ ("waiting in line") rather than an hourglass: ⏳ and ⧗ are missing from common fonts such as DejaVu and fall back
  // to a colour emoji or a blank box.
  queued: { fill: '#ececec', stroke: 'grey', text: '#333333', icon: '⋯', label: 'queued' },
  running: { fill: '#ddffdd', stroke: 'lime', text: '#0a4d0a', icon: `▶${TEXT_PRESENTATION}`, label: 'running' },
  success: { fill: '#dcefdc', stroke: 'green', text: '#0b3d0b', icon: '✓', label: 'success' },
  failed: { fill: '#ffe0e0', stroke: 'red', text: '#7a0000', icon: '✗', label: 'failed' },
  upstream_failed: { fill: '#ffedcc', stroke: 'orange', text: '#663f00', icon: '↑✗', label: 'upstream failed' },
  up_for_retry: { fill: '#fff6c7', stroke: 'gold', text: '#574900', icon: '↻', label: 'up for retry' },
  skipped: { fill: '#ffe3f1', stroke: 'hotpink', text: '#7a1f4f', icon: '↷', label: 'skipped' },
  removed: { fill: '#f1f1f1', stroke: 'lightgrey', text: '#4a4a4a', icon: '⊘', label: 'removed' },
  // Not task states: the lineage graph's dataset and DAG nodes (a DAG without runs yet). Neutral blues, so they never
  // read as a task outcome.
  dataset: { fill: '#e3efff', stroke: '#1f6feb', text: '#0a3069', icon: '⛁', label: 'asset' },
  dag: { fill: '#ebedff', stroke: '#4b5bd6', text: '#1e2670', icon: '▦', label: 'DAG' },
};

/** The task states in the order Airflow's legend lists them: not yet started, in flight, then outcomes. */
export const LEGEND_ORDER: readonly VizState[] = [
  'none',
  'scheduled',
  'queued',
  'running',
  'success',
  'failed',
  'upstream_failed',
  'up_for_retry',
  'skipped',
  'removed',
];
