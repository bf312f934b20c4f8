import { DEFAULT_USER_SETTINGS } from './userSettings';

/**
 * The largest CSV a person may upload, in megabytes. One function so that the stored user setting (Settings page)
 * can be wired in here without touching the upload panel; until then, the default.
 */
export function maxUploadMb(): number {
  return DEFAULT_USER_SETTINGS.maxUploadMb;
}
