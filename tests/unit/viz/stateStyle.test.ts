import { TASK_STATES } from '../../../src/core/states';
import { color } from 'd3';
import { describe, expect, it } from 'vitest';
import { LEGEND_ORDER, STATE_STYLE, type VizState } from '../../../src/viz/stateStyle';

// WCAG 2 relative luminance and contrast ratio.
function luminance(css: string): number {
  const rgb = color(css)?.rgb();
  if (!rgb) throw new Error(`not a colour: ${css}`);
  const channel = (v: number) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(rgb.r) + 0.7152 * channel(rgb.g) + 0.0722 * channel(rgb.b);
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
};

const states = Object.keys(STATE_STYLE) as VizState[];

describe('STATE_STYLE', () => {
  it('keeps Airflow’s own state colours as outlines', () => {
    expect(STATE_STYLE.success.stroke).toBe('green');
    expect(STATE_STYLE.failed.stroke).toBe('red');
    expect(STATE_STYLE.running.stroke).toBe('lime');
    expect(STATE_STYLE.queued.stroke).toBe('grey');
    expect(STATE_STYLE.scheduled.stroke).toBe('tan');
    expect(STATE_STYLE.upstream_failed.stroke).toBe('orange');
    expect(STATE_STYLE.up_for_retry.stroke).toBe('gold');
    expect(STATE_STYLE.skipped.stroke).toBe('hotpink');
  });

  it('gives every state its own icon and label, so colour is never the only signal', () => {
    expect(new Set(states.map((s) => STATE_STYLE[s].icon)).size).toBe(states.length);
    expect(new Set(states.map((s) => STATE_STYLE[s].label)).size).toBe(states.length);
  });

  it.each(states)('%s text reaches WCAG AA contrast on its fill', (state) => {
    const style = STATE_STYLE[state];
    expect(contrast(style.text, style.fill)).toBeGreaterThanOrEqual(4.5);
  });

  it('lists the task states for the legend, each once', () => {
    expect(new Set(LEGEND_ORDER).size).toBe(LEGEND_ORDER.length);
    expect(LEGEND_ORDER).not.toContain('dataset');
    expect(LEGEND_ORDER).not.toContain('dag');
    // Every task state the scheduler knows has a legend entry: the legend cannot fall behind the core.
    expect([...LEGEND_ORDER].sort()).toEqual([...TASK_STATES].sort());
  });
});
