import { currentUserSettings } from '../runtime/settings/userSettings';

/**
 * The largest CSV a person may upload, in megabytes: the setting in force in this page (Settings page, or the
 * default until the page has loaded its settings). Read at each file, so a changed setting applies to the next one.
 */
export function maxUploadMb(): number {
  return currentUserSettings().maxUploadMb;
}
