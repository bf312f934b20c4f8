import { useRef, type KeyboardEvent } from 'react';
import { DAG_TABS, type DagTab } from '../../store/playgroundStore';
import { usePlayground, usePlaygroundStore } from '../PlaygroundContext';

const TAB_LABEL: Record<DagTab, { icon: string; text: string; hint: string }> = {
  graph: { icon: '⬡', text: 'Graph', hint: 'Tasks and their dependencies, coloured by the state of the shown run' },
  grid: { icon: '▦', text: 'Grid', hint: 'Every task in the recent runs, one column per run' },
  gantt: { icon: '☰', text: 'Gantt', hint: 'When each task of the shown run waited and ran' },
  code: { icon: '{}', text: 'Code', hint: 'The DAG definition, read-only' },
};

export const tabId = (tab: DagTab) => `dag-tab-${tab}`;
export const panelId = (tab: DagTab) => `dag-panel-${tab}`;

/**
 * Airflow's DAG page tabs as an ARIA tablist: one tab stop, arrow keys (and Home / End) move between tabs and show
 * them at once. The choice lives in the store (`dagTab`), so it is part of the deep link.
 */
export function DagTabs() {
  const store = usePlaygroundStore();
  const current = usePlayground((s) => s.dagTab);
  const refs = useRef(new Map<DagTab, HTMLButtonElement>());

  const choose = (tab: DagTab, focus: boolean) => {
    store.setState({ dagTab: tab });
    if (focus) refs.current.get(tab)?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const at = DAG_TABS.indexOf(current);
    const next =
      event.key === 'ArrowRight' ? (at + 1) % DAG_TABS.length
      : event.key === 'ArrowLeft' ? (at - 1 + DAG_TABS.length) % DAG_TABS.length
      : event.key === 'Home' ? 0
      : event.key === 'End' ? DAG_TABS.length - 1
      : null;
    if (next === null) return;
    event.preventDefault();
    choose(DAG_TABS[next]!, true);
  };

  return (
    <div className="dag-tabs" role="tablist" aria-label="DAG views" onKeyDown={onKeyDown}>
      {DAG_TABS.map((tab) => {
        const selected = tab === current;
        const label = TAB_LABEL[tab];
        return (
          <button
            key={tab}
            ref={(el) => {
              if (el) refs.current.set(tab, el);
              else refs.current.delete(tab);
            }}
            type="button"
            role="tab"
            id={tabId(tab)}
            aria-selected={selected}
            aria-controls={selected ? panelId(tab) : undefined}
            tabIndex={selected ? 0 : -1}
            title={label.hint}
            data-testid={`dag-tab-${tab}`}
            onClick={() => choose(tab, false)}
          >
            <span aria-hidden="true" className="dag-tab-icon">
              {label.icon}
            </span>{' '}
            {label.text}
          </button>
        );
      })}
    </div>
  );
}
