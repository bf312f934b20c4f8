import type { DagId } from '../core/ids';
import type { PlaygroundClient } from '../runtime/commands/playgroundCommand';
import { withoutAutorun } from '../runtime/settings/urlSettings';
import type { PlaygroundStore } from '../store/playgroundStore';
import type { SettingsController } from '../store/settingsStore';

/**
 * `?autorun=<dagId>` (or `=1` for the producer): triggers that DAG once, when this page is first ready — as the
 * scheduling tab or as a mirror of it (the command then goes to the scheduling tab). The parameter then leaves the URL,
 * so reloading the page, or this tab taking over scheduling later, does not trigger it again.
 */
export function runAutorunOnce(store: PlaygroundStore, settings: SettingsController, client: PlaygroundClient): void {
  const autorun = settings.store.getState().autorun;
  if (!autorun) return;
  const stop = store.subscribe((state) => {
    if (state.status !== 'ready') return;
    stop();
    window.history.replaceState(window.history.state, '', withoutAutorun(window.location.href));
    const known = state.dags.map((d) => d.id as string);
    const outcome = known.includes(autorun)
      ? client.execute({ type: 'trigger', dagId: autorun as DagId, params: {} })
      : Promise.resolve({ ok: false as const, errors: [`no DAG has that id (known: ${known.join(', ')}); nothing is triggered.`] });
    void outcome.then((result) =>
      settings.store.setState({ autorunOutcome: result.ok ? { kind: 'triggered' } : { kind: 'refused', reason: result.errors.join(' ') } }),
    );
  });
}
