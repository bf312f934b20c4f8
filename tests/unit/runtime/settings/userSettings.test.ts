import { describe, expect, it } from 'vitest';
import {
  checkNamedSetting,
  DEFAULT_USER_SETTINGS,
  defaultUserSettings,
  loadUserSettings,
  maxPoolSize,
  saveUserSettings,
  SETTINGS_STORAGE_KEY,
  type SettingsStorage,
  type UserSettings,
} from '../../../../src/runtime/settings/userSettings';
import { createSettingsStore } from '../../../../src/store/settingsStore';

/** localStorage's contract over a Map; `failWrites` plays a full or disabled storage. */
class MemoryStorage implements SettingsStorage {
  readonly items = new Map<string, string>();
  failWrites = false;
  getItem(key: string) {
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string) {
    if (this.failWrites) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    this.items.set(key, value);
  }
  removeItem(key: string) {
    this.items.delete(key);
  }
}

const custom: UserSettings = {
  poolSize: 3,
  backend: 'cpu',
  seed: 7,
  speed: 'airflow',
  failureProbability: 0.25,
  maxUploadMb: 10,
  failNextTry: [{ dagId: 'ml_producer', taskId: 'extract' }],
};

describe('checks of one setting', () => {
  it.each([
    ['poolSize', '4', 4],
    ['poolSize', 1, 1],
    ['seed', '0', 0],
    ['seed', 4294967295, 4294967295],
    ['failureProbability', '0.5', 0.5],
    ['failureProbability', '.1', 0.1],
    ['failureProbability', 1, 1],
    ['maxUploadMb', '500', 500],
    ['backend', 'webgl', 'webgl'],
    ['speed', 'airflow', 'airflow'],
  ] as const)('accepts %s = %j', (name, value, expected) => {
    expect(checkNamedSetting(name, value, 2)).toEqual({ ok: true, value: expected });
  });

  it.each([
    ['poolSize', '0', 'Worker pool size must be a whole number from 1 to 4, got "0".'],
    ['poolSize', 5, 'Worker pool size must be a whole number from 1 to 4, got 5.'],
    ['poolSize', '2.5', 'Worker pool size must be a whole number from 1 to 4, got "2.5".'],
    ['seed', '', 'The seed must be a whole number from 0 to 4294967295, got "".'],
    ['failureProbability', '1.5', 'The failure probability must be a number from 0 to 1, got "1.5".'],
    ['failureProbability', 'NaN', 'The failure probability must be a number from 0 to 1, got "NaN".'],
    ['maxUploadMb', '501', 'The maximum upload size (MB) must be a whole number from 1 to 500, got "501".'],
    ['maxUploadMb', '0', 'The maximum upload size (MB) must be a whole number from 1 to 500, got "0".'],
    ['backend', 'WASM', 'The tfjs backend must be one of wasm, cpu, webgl, got "WASM".'],
    ['failNextTry', [{ dagId: 1 }], '"Fail the next try" must be a list of {dagId, taskId}, got [{"dagId":1}].'],
  ] as const)('refuses %s = %j', (name, value, error) => {
    expect(checkNamedSetting(name, value, 2)).toEqual({ ok: false, error });
  });

  it('allows up to twice the logical cores, and defaults to the cores up to 4', () => {
    expect(maxPoolSize(8)).toBe(16);
    expect(maxPoolSize(undefined)).toBe(4);
    expect(defaultUserSettings(8).poolSize).toBe(4);
    expect(defaultUserSettings(1).poolSize).toBe(1);
  });
});

describe('persistence', () => {
  it('round-trips every setting', () => {
    const storage = new MemoryStorage();
    expect(saveUserSettings(storage, custom)).toBeNull();
    expect(loadUserSettings(storage, 2)).toEqual({ settings: custom, errors: [] });
  });

  it('gives the defaults, silently, when nothing is stored', () => {
    expect(loadUserSettings(new MemoryStorage(), 2)).toEqual({ settings: defaultUserSettings(2), errors: [] });
    expect(loadUserSettings(null, 2)).toEqual({ settings: defaultUserSettings(2), errors: [] });
  });

  it('a corrupt value costs only that setting: its default, and a message naming it', () => {
    const storage = new MemoryStorage();
    const record = { version: 1, settings: { ...custom, seed: 'seven', poolSize: 99, failureProbability: -1 } };
    storage.items.set(SETTINGS_STORAGE_KEY, JSON.stringify(record));
    const read = loadUserSettings(storage, 2);
    expect(read.settings).toEqual({ ...custom, seed: 42, poolSize: 2, failureProbability: 0 });
    expect(read.errors).toEqual([
      'Stored setting ignored: Worker pool size must be a whole number from 1 to 4, got 99. Using the default (2).',
      'Stored setting ignored: The seed must be a whole number from 0 to 4294967295, got "seven". Using the default (42).',
      'Stored setting ignored: The failure probability must be a number from 0 to 1, got -1. Using the default (0).',
    ]);
  });

  it.each([
    ['not JSON', '{"version":1,', /not valid JSON/],
    ['not a record', '[1,2]', /not a settings record/],
    ['an unknown version', '{"version":9,"settings":{}}', /unknown format \(version 9, expected 1\)/],
    ['null', 'null', /not a settings record/],
  ])('falls back to all the defaults for %s, with a message', (_, text, message) => {
    const storage = new MemoryStorage();
    storage.items.set(SETTINGS_STORAGE_KEY, text);
    const read = loadUserSettings(storage, 2);
    expect(read.settings).toEqual(defaultUserSettings(2));
    expect(read.errors).toEqual([expect.stringMatching(message)]);
    // Reading never rewrites what is stored.
    expect(storage.items.get(SETTINGS_STORAGE_KEY)).toBe(text);
  });

  it('reports a storage that refuses writes instead of throwing', () => {
    const storage = new MemoryStorage();
    storage.failWrites = true;
    expect(saveUserSettings(storage, custom)).toMatch(/could not be saved in this browser \(The quota has been exceeded.\)/);
  });
});

describe('settings store', () => {
  const open = (storage: MemoryStorage, search = '') =>
    createSettingsStore({ storage, search, hardwareConcurrency: 2, taskIds: ['extract'], dagIds: ['ml_producer'], defaultAutorun: 'ml_producer' });

  it('lays the URL over the stored settings, and a change in the page replaces the URL’s value for that setting', () => {
    const storage = new MemoryStorage();
    saveUserSettings(storage, { ...DEFAULT_USER_SETTINGS, seed: 5 });
    const settings = open(storage, '?seed=7&speed=airflow&autorun=1');
    expect(settings.store.getState()).toMatchObject({
      stored: { seed: 5, speed: 'instant' },
      effective: { seed: 7, speed: 'airflow' },
      overrides: { seed: 7, speed: 'airflow' },
      autorun: 'ml_producer',
    });
    expect(settings.update({ seed: '9' })).toEqual({ ok: true });
    expect(settings.store.getState()).toMatchObject({ effective: { seed: 9, speed: 'airflow' }, overrides: { speed: 'airflow' }, saves: 1 });
    expect(loadUserSettings(storage, 2).settings).toMatchObject({ seed: 9, speed: 'instant' });
  });

  it('stores nothing of a change with a bad value, and says which value is bad', () => {
    const storage = new MemoryStorage();
    const settings = open(storage);
    expect(settings.update({ seed: '3', poolSize: '0' })).toEqual({
      ok: false,
      errors: { poolSize: 'Worker pool size must be a whole number from 1 to 4, got "0".' },
    });
    expect(settings.store.getState().effective.seed).toBe(42);
    expect(storage.items.size).toBe(0);
  });

  it('keeps a change for this page when storage refuses it, and says so', () => {
    const storage = new MemoryStorage();
    storage.failWrites = true;
    const settings = open(storage);
    settings.update({ seed: '3' });
    expect(settings.store.getState().effective.seed).toBe(3);
    expect(settings.store.getState().saveError).toMatch(/could not be saved/);
  });

  it('clears the corrupt-record messages once a good record is saved', () => {
    const storage = new MemoryStorage();
    storage.items.set(SETTINGS_STORAGE_KEY, 'garbage');
    const settings = open(storage);
    expect(settings.store.getState().storedErrors).toHaveLength(1);
    settings.update({ seed: '1' });
    expect(settings.store.getState().storedErrors).toEqual([]);
  });

  it('arms "fail the next try" once per task, and a claim uses it up (stored, so other tabs see it)', () => {
    const storage = new MemoryStorage();
    const settings = open(storage);
    settings.armFailure('ml_producer', 'extract');
    settings.armFailure('ml_producer', 'extract');
    expect(settings.store.getState().effective.failNextTry).toEqual([{ dagId: 'ml_producer', taskId: 'extract' }]);
    expect(loadUserSettings(storage, 2).settings.failNextTry).toHaveLength(1);
    expect(settings.claimArmedFailure('ml_producer', 'featurize')).toBe(false);
    expect(settings.claimArmedFailure('ml_producer', 'extract')).toBe(true);
    expect(settings.claimArmedFailure('ml_producer', 'extract')).toBe(false);
    expect(loadUserSettings(storage, 2).settings.failNextTry).toEqual([]);
  });

  it('follows a change another tab stored, validated, with this page’s URL overrides still on top', () => {
    const storage = new MemoryStorage();
    const settings = open(storage, '?speed=airflow');
    const target = new EventTarget();
    const stop = settings.followOtherTabs(target as unknown as Window);
    const other = { ...DEFAULT_USER_SETTINGS, seed: 123, speed: 'instant' as const, poolSize: 77 };
    const event = new Event('storage') as StorageEvent;
    Object.assign(event, { key: SETTINGS_STORAGE_KEY, newValue: JSON.stringify({ version: 1, settings: other }) });
    target.dispatchEvent(event);
    expect(settings.store.getState().effective).toMatchObject({ seed: 123, speed: 'airflow', poolSize: 2 });
    expect(settings.store.getState().storedErrors).toEqual([expect.stringContaining('got 77')]);
    stop();
  });

  it('clearStored forgets the record', () => {
    const storage = new MemoryStorage();
    const settings = open(storage);
    settings.update({ seed: '3' });
    settings.clearStored();
    expect(storage.items.has(SETTINGS_STORAGE_KEY)).toBe(false);
  });
});
