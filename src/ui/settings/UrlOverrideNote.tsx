import { URL_SETTING_PARAMS } from '../../runtime/settings/urlSettings';
import type { SettingName } from '../../runtime/settings/userSettings';
import { useSettings } from './SettingsContext';

/** Says when the URL sets this setting for the page load, and that a change here replaces it. */
export function UrlOverrideNote({ name }: { readonly name: SettingName }) {
  const overridden = useSettings((s) => (s.overrides as Partial<Record<SettingName, unknown>>)[name]);
  const param = Object.entries(URL_SETTING_PARAMS).find(([, setting]) => setting === name)?.[0];
  if (overridden === undefined || !param) return null;
  return (
    <p className="setting-override" data-testid={`override-note-${name}`}>
      The URL sets <code>{`${param}=${String(overridden)}`}</code> for this page load; a change
      here replaces it.
    </p>
  );
}
