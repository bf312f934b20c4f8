import { useEffect, useId, useState, type ReactNode } from 'react';
import type { SettingName } from '../../runtime/settings/userSettings';
import { usePlaygroundClient } from '../PlaygroundContext';
import { useSettings } from './SettingsContext';
import { UrlOverrideNote } from './UrlOverrideNote';

interface NumberSettingProps {
  readonly name: Extract<SettingName, 'poolSize' | 'seed' | 'failureProbability' | 'maxUploadMb'>;
  readonly label: string;
  readonly min: number;
  readonly max: number;
  readonly step?: number;
  readonly testId: string;
  readonly help: ReactNode;
}

/**
 * A number the person types: saved as soon as it is valid; while it is not, the field says why and the setting
 * keeps its last good value (nothing half-typed is ever stored).
 */
export function NumberSetting({ name, label, min, max, step = 1, testId, help }: NumberSettingProps) {
  const client = usePlaygroundClient();
  const value = useSettings((s) => s.effective[name]);
  const [draft, setDraft] = useState(String(value));
  const [error, setError] = useState<string | null>(null);
  const id = useId();
  // Another tab (or the URL override being replaced) changed the value: show it, unless the draft already says so.
  useEffect(() => {
    setDraft((current) => (Number(current) === value && current.trim() !== '' ? current : String(value)));
    setError(null);
  }, [value]);
  const onChange = (text: string) => {
    setDraft(text);
    void client.execute({ type: 'changeSettings', changes: { [name]: text } }).then((result) => {
      setError(result.ok ? null : (result.errors[0] ?? 'Invalid value.'));
    });
  };
  return (
    <div className="setting">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="number"
        inputMode={step < 1 ? 'decimal' : 'numeric'}
        min={min}
        max={max}
        step={step}
        value={draft}
        aria-invalid={error !== null}
        aria-describedby={`${id}-help${error ? ` ${id}-error` : ''}`}
        data-testid={testId}
        onChange={(event) => onChange(event.target.value)}
      />
      <p id={`${id}-help`} className="setting-help">
        {help}
      </p>
      {error && (
        <p id={`${id}-error`} className="error-text" role="alert" data-testid={`${testId}-error`}>
          {error} Not saved.
        </p>
      )}
      <UrlOverrideNote name={name} />
    </div>
  );
}
