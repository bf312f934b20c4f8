import { useMemo } from 'react';
import { formatFault } from '../runtime/faults';
import { readSettings } from '../runtime/settings';
import { usePlayground } from './PlaygroundContext';

/**
 * What the URL asked for that cannot be used (a malformed `?fault=`, a bad seed), and which faults are injected:
 * a page that fails on purpose says so.
 */
export function SettingsBanner() {
  const dags = usePlayground((s) => s.dags);
  const { errors, faults } = useMemo(
    () => readSettings(window.location.search, document.baseURI, dags.flatMap((d) => d.tasks.map((t) => t.id))),
    [dags],
  );
  return (
    <>
      {errors.length > 0 && (
        <div className="banner error" role="alert" data-testid="settings-errors">
          URL settings not applied:
          <ul style={{ margin: 0 }}>
            {errors.map((error) => (
              <li key={error}>{error}</li>
            ))}
          </ul>
        </div>
      )}
      {faults && faults.length > 0 && (
        <p className="banner" role="status" data-testid="active-faults">
          <span aria-hidden="true">⚡ </span>Fault injection on: {faults.map(formatFault).join(', ')}
        </p>
      )}
    </>
  );
}
