import { checkFaultTasks, formatFault } from '../runtime/workers/faults';
import { URL_SETTING_PARAMS } from '../runtime/settings/urlSettings';
import { usePlayground } from './PlaygroundContext';
import { useSettings } from './settings/SettingsContext';
import './settings/settings.css';
import { quoted } from '../core/displayText';
import { MessageText } from './UserText';
import { displayText } from '../core/displayText';

/**
 * What this page load runs with besides the Settings page: the URL's overrides and autorun, the faults it injects (a
 * page that fails on purpose says so), and what could not be used — a bad URL parameter, a corrupt stored value.
 */
export function SettingsBanner() {
  const parseErrors = useSettings((s) => s.urlErrors);
  const storedErrors = useSettings((s) => s.storedErrors);
  const urlFaults = useSettings((s) => s.urlFaults);
  const dags = usePlayground((s) => s.dags);
  const overrides = useSettings((s) => s.overrides);
  const autorun = useSettings((s) => s.autorun);
  const autorunOutcome = useSettings((s) => s.autorunOutcome);
  // A fault on a task no DAG has would inject nothing, silently: say so (against the DAGs scheduled now).
  const { known: faults, errors: faultErrors } = checkFaultTasks(
    urlFaults,
    dags.flatMap((d) => d.tasks.map((t) => t.id as string)),
  );
  const urlErrors = [
    ...parseErrors,
    ...faultErrors,
    ...(autorunOutcome.kind === 'refused' ? [`Invalid autorun ${quoted(autorun ?? '')}: ${autorunOutcome.reason}`] : []),
  ];
  const overridden = Object.entries(URL_SETTING_PARAMS).filter(([, name]) => overrides[name] !== undefined);
  const autorunText =
    autorun === null
      ? null
      : autorunOutcome.kind === 'waiting'
        ? `autorun: ${displayText(autorun)} is triggered once the page is ready`
        : autorunOutcome.kind === 'triggered'
          ? `autorun: ${displayText(autorun)} was triggered once (a reload does not trigger it again)`
          : null;
  return (
    <>
      {urlErrors.length > 0 && (
        <div className="banner error" role="alert" data-testid="settings-errors">
          URL settings not applied:
          <ul className="banner-list">
            {urlErrors.map((error) => (
              <li key={error}>
                <MessageText text={error} />
              </li>
            ))}
          </ul>
        </div>
      )}
      {storedErrors.length > 0 && (
        <div className="banner warning" role="alert" data-testid="stored-settings-errors">
          Some stored settings could not be used:
          <ul className="banner-list">
            {storedErrors.map((error) => (
              <li key={error}>
                <MessageText text={error} />
              </li>
            ))}
          </ul>
        </div>
      )}
      {(overridden.length > 0 || autorunText) && (
        <p className="banner info" role="status" data-testid="url-overrides">
          
          {overridden.length > 0 && (
            <>
              For this page load the URL sets{' '}
              {overridden.map(([param, name], i) => (
                <span key={param}>
                  {i > 0 && ', '}
                  <code data-testid={`url-override-${param}`}>
                    {param}={String(overrides[name])}
                  </code>
                </span>
              ))}{' '}
              (over the Settings page).{autorunText ? ' ' : ''}
            </>
          )}
          {autorunText && <span data-testid="url-autorun">{autorunText}.</span>}
        </p>
      )}
      {faults.length > 0 && (
        <p className="banner" role="status" data-testid="active-faults">
          <span aria-hidden="true">⚡ </span>Fault injection on: {faults.map(formatFault).join(', ')}
        </p>
      )}
    </>
  );
}
