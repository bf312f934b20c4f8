import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { assetNameProblem, MAX_ASSET_TEXT_LENGTH, normalizeAssetUri } from '../../../src/core/assetUri';

/** What the export check's Airflow stand-in (Airflow's own `_sanitize_uri`, run by python3 with urllib) makes of URIs. */
function airflowUris(uris: readonly string[]): ({ ok: true; uri: string } | { ok: false; error: string })[] {
  const program = `
import json, sys, warnings
sys.path.insert(0, "tests/export/standin")
from airflow._assets import Asset
out = []
for uri in json.load(sys.stdin):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out.append({"ok": True, "uri": Asset(name="a", uri=uri).uri})
    except ValueError as error:
        out.append({"ok": False, "error": str(error)})
print(json.dumps(out))
`;
  const result = spawnSync('python3', ['-B', '-c', program], { input: JSON.stringify(uris), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout);
}

/** Airflow accepts and normalizes these; the playground must write exactly what Airflow stores. */
const NORMALIZED: readonly [string, string][] = [
  ['x://a', 'x://a/'],
  ['playground://housing/raw', 'playground://housing/raw'],
  ['playground://built_features', 'playground://built_features/'],
  ['S3://Bucket/Key///', 's3://Bucket/Key'],
  ['file:///tmp/x.csv', 'file:///tmp/x.csv'],
  ['file:/tmp/x.csv', 'file:///tmp/x.csv'],
  ['s3:///key', 's3:/key'],
  ['http:', 'http:///'],
  ['postgres://host:5432/db/schema/table', 'postgres://host:5432/db/schema/table'],
  ['x://a/b?z=1&a=2&a=1#fragment', 'x://a/b?a=1&a=2&z=1'],
  ['x://a/?q=a+b&r=%20c&s=%c3%a9&t=%2F&u=~-._', 'x://a/?q=a+b&r=+c&s=%C3%A9&t=%2F&u=~-._'],
  ['x://a?empty=&flag&=nameless&k=v=w', 'x://a/?=nameless&k=v%3Dw'],
  ['x://a?only_blank=', 'x://a/'],
  ['x://a/"quoted"\\path/with space/', 'x://a/"quoted"\\path/with space'],
  ['mailto:someone', 'mailto:someone'],
  ['built_features', 'built_features'],
  ['relative/path.csv', 'relative/path.csv'],
  ['//host/path/', '//host/path/'],
  ['x-custom://anything//?b=1&a=2', 'x-custom://anything//?b=1&a=2'],
  ['1abc://x', '1abc://x'],
];

/** Airflow refuses these; so does the playground. */
const REFUSED_BY_AIRFLOW = ['', '   ', 'é', 's3://bucket/é/😀', 'airflow://x', 'AIRFLOW://x/y', `x://${'a'.repeat(MAX_ASSET_TEXT_LENGTH)}`];

/** Airflow takes these (rewriting them silently or with a warning); the playground refuses them, saying why. */
const REFUSED_BY_PLAYGROUND_ONLY: readonly [string, RegExp][] = [
  ['x://a/b\nc', /control characters .*U\+000A.*deletes tabs and newlines/],
  ['x://a/b\tc', /control characters .*U\+0009/],
  [' x://a', /must not start or end with spaces/],
  ['x://a ', /must not start or end with spaces/],
  ['x://user:secret@host/a', /user info .*no place for a password/],
  ['x://[::1]/a', /IPv6/],
  ['file:relative/x.csv', /needs "\/\/" or an absolute path \(e\.g\. file:\/\/\/relative\/x\.csv\)/],
  ['x://a/?q=%ff', /percent-escapes that are not UTF-8/],
];

describe('normalizeAssetUri', () => {
  it('writes every URI Airflow accepts exactly as Airflow normalizes it', () => {
    const uris = NORMALIZED.map(([uri]) => uri);
    expect(uris.map((uri) => normalizeAssetUri(uri))).toEqual(NORMALIZED.map(([, uri]) => ({ ok: true, uri })));
    expect(airflowUris(uris)).toEqual(NORMALIZED.map(([, uri]) => ({ ok: true, uri })));
  });

  it('refuses what Airflow refuses, with a message that says why', () => {
    expect(airflowUris(REFUSED_BY_AIRFLOW).map((r) => r.ok)).toEqual(REFUSED_BY_AIRFLOW.map(() => false));
    const messages = REFUSED_BY_AIRFLOW.map((uri) => {
      const result = normalizeAssetUri(uri);
      return result.ok ? `accepted as ${result.uri}` : result.message;
    });
    expect(messages).toEqual([
      'an asset URI must not be empty',
      'an asset URI cannot be just whitespace',
      'an asset URI must only consist of ASCII characters, as Airflow requires (Airflow 2, 3.0, and 3.1+ on MySQL refuse it at import); found U+00E9 "é" at character 1',
      'an asset URI must only consist of ASCII characters, as Airflow requires (Airflow 2, 3.0, and 3.1+ on MySQL refuse it at import); found U+00E9 "é" at character 13',
      'the URI scheme "airflow" is reserved by Airflow',
      'the URI scheme "airflow" is reserved by Airflow',
      `an asset URI must have at most 1500 characters (Airflow 3's limit), got ${MAX_ASSET_TEXT_LENGTH + 4}`,
    ]);
  });

  it('is stricter than Airflow where Airflow would silently store another URI, and says so', () => {
    const uris = REFUSED_BY_PLAYGROUND_ONLY.map(([uri]) => uri);
    // Airflow's own code takes every one of them (that is why the playground explains its refusal).
    expect(airflowUris(uris).map((r) => r.ok)).toEqual(uris.map(() => true));
    for (const [uri, message] of REFUSED_BY_PLAYGROUND_ONLY) {
      const result = normalizeAssetUri(uri);
      expect(result.ok, uri).toBe(false);
      if (!result.ok) expect(result.message).toMatch(message);
    }
  });

  it('is idempotent: a normalized URI normalizes to itself', () => {
    for (const [, normalized] of NORMALIZED) expect(normalizeAssetUri(normalized)).toEqual({ ok: true, uri: normalized });
  });
});

describe('assetNameProblem', () => {
  it('accepts dataset ids and refuses the names Airflow 3 prohibits', () => {
    expect(assetNameProblem('built_features')).toBeNull();
    expect(assetNameProblem('odd.data-set')).toBeNull();
    expect(assetNameProblem('self')).toBe('"self" is a name Airflow 3 prohibits for an asset (self and context are reserved)');
    expect(assetNameProblem('context')).toMatch(/prohibits/);
    expect(assetNameProblem('')).toBe('an asset name must not be empty');
    expect(assetNameProblem('né')).toMatch(/ASCII/);
  });
});
