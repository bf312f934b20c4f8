import { describe, expect, it } from 'vitest';
import { readUrlSettings, withOverrides, withoutAutorun, type UrlSettingsContext } from '../../../../src/runtime/settings/urlSettings';
import { DEFAULT_USER_SETTINGS } from '../../../../src/runtime/settings/userSettings';

const context: UrlSettingsContext = {
  fallback: { ...DEFAULT_USER_SETTINGS, seed: 11 },
  hardwareConcurrency: 2,
  taskIds: ['extract', 'featurize', 'train'],
  dagIds: ['ml_producer', 'ml_consumer'],
  defaultAutorun: 'ml_producer',
};
const read = (search: string) => readUrlSettings(search, context);

describe('readUrlSettings', () => {
  it('reads seed, backend, speed and pool as overrides for this page load', () => {
    expect(read('?seed=7&backend=webgl&speed=airflow&pool=3')).toEqual({
      overrides: { seed: 7, backend: 'webgl', speed: 'airflow', poolSize: 3 },
      faults: [],
      autorun: null,
      errors: [],
    });
  });

  it('reports each bad value, naming the parameter, what it accepts and the value kept; overrides nothing for it', () => {
    const settings = read('?seed=-1&backend=gpu&speed=fast&pool=5&fault=extrct:throw');
    expect(settings.overrides).toEqual({});
    expect(settings.errors).toEqual([
      'Invalid seed "-1": The seed must be a whole number from 0 to 4294967295, got "-1". Using 11.',
      'Invalid backend "gpu": The tfjs backend must be one of wasm, cpu, webgl, got "gpu". Using wasm.',
      'Invalid speed "fast": The speed must be one of instant, airflow, got "fast". Using instant.',
      'Invalid pool "5": Worker pool size must be a whole number from 1 to 4, got "5". Using 2.',
      'Invalid fault "extrct:throw": no DAG has a task "extrct" (known: extract, featurize, train).',
    ]);
  });

  it.each([['1.5'], ['1e3'], [''], ['0x10'], ['4294967296']])('refuses the seed %j', (seed) => {
    expect(read(`?seed=${seed}`).errors).toEqual([expect.stringMatching(/^Invalid seed/)]);
  });

  it('takes the last of a repeated parameter, and says so', () => {
    const settings = read('?seed=1&seed=2');
    expect(settings.overrides).toEqual({ seed: 2 });
    expect(settings.errors).toEqual(['"seed" is given 2 times; the last one (2) counts.']);
  });

  it.each([
    ['?autorun=1', 'ml_producer'],
    ['?autorun', 'ml_producer'],
    ['?autorun=true', 'ml_producer'],
    ['?autorun=ml_consumer', 'ml_consumer'],
    ['?autorun=0', null],
    ['?autorun=false', null],
    ['', null],
  ])('reads %s as autorun %s', (search, autorun) => {
    expect(read(search)).toMatchObject({ autorun, errors: [] });
  });

  it('refuses autorun of an unknown DAG', () => {
    expect(read('?autorun=ml_prodcer')).toMatchObject({
      autorun: null,
      errors: ['Invalid autorun "ml_prodcer": no DAG has that id (known: ml_producer, ml_consumer); nothing is triggered.'],
    });
  });
});

describe('withOverrides and withoutAutorun', () => {
  it('quotes a value from a link isolated and shortened: an override cannot reverse the banner, a huge one cannot flood it', () => {
    const evil = encodeURIComponent(`\u202e${'x'.repeat(5_000)}`);
    const settings = read(`?seed=${evil}&autorun=${encodeURIComponent('\u202eremmargorp_lm')}`);
    expect(settings.errors[0]).toMatch(/^Invalid seed "\u2068\u202ex+…x+\u2069 \(5,001 characters\)": .* Using 11\.$/);
    expect(settings.errors[0]!.length).toBeLessThan(400);
    expect(settings.errors[1]).toBe(
      'Invalid autorun "\u2068\u202eremmargorp_lm\u2069": no DAG has that id (known: ml_producer, ml_consumer); nothing is triggered.',
    );
  });

  it('lays the URL over the stored settings', () => {
    expect(withOverrides(DEFAULT_USER_SETTINGS, { seed: 3, speed: 'airflow' })).toEqual({ ...DEFAULT_USER_SETTINGS, seed: 3, speed: 'airflow' });
  });

  it('removes autorun from the URL and keeps the rest, the sub-path and the hash', () => {
    expect(withoutAutorun('http://localhost:4173/demo/?seed=7&autorun=1&speed=airflow#/dags/ml_producer')).toBe(
      'http://localhost:4173/demo/?seed=7&speed=airflow#/dags/ml_producer',
    );
    expect(withoutAutorun('http://localhost/?autorun=ml_producer')).toBe('http://localhost/');
  });
});
