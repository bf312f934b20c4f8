import { useId, type ReactNode } from 'react';
import type { SettingName } from '../../runtime/settings/userSettings';
import { usePlaygroundClient } from '../PlaygroundContext';
import { useSettings } from './SettingsContext';
import { UrlOverrideNote } from './UrlOverrideNote';

interface ChoiceSettingProps<V extends string> {
  readonly name: Extract<SettingName, 'backend' | 'speed'>;
  readonly legend: string;
  readonly choices: readonly { readonly value: V; readonly label: string; readonly help: ReactNode }[];
  readonly testIdPrefix: string;
}

/** One of a few values, as radio buttons with a line of explanation each (arrow keys move between them). */
export function ChoiceSetting<V extends string>({ name, legend, choices, testIdPrefix }: ChoiceSettingProps<V>) {
  const client = usePlaygroundClient();
  const value = useSettings((s) => s.effective[name]);
  const group = useId();
  return (
    <fieldset className="setting choice-setting">
      <legend>{legend}</legend>
      {choices.map((choice) => (
        <label key={choice.value} className="choice">
          <input
            type="radio"
            name={group}
            value={choice.value}
            checked={value === choice.value}
            data-testid={`${testIdPrefix}-${choice.value}`}
            onChange={() => void client.execute({ type: 'changeSettings', changes: { [name]: choice.value } })}
          />
          <span>
            <strong>{choice.label}</strong> <span className="setting-help">{choice.help}</span>
          </span>
        </label>
      ))}
      <UrlOverrideNote name={name} />
    </fieldset>
  );
}
