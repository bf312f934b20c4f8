import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { compiledCodeOf, MANIFEST_GLOBAL, precacheManifest, serviceWorkerScript } from '../../../src/build/precacheManifest';

const SHA256_OF_ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

describe('precacheManifest', () => {
  let site: string;
  beforeEach(() => {
    site = mkdtempSync(join(tmpdir(), 'manifest-'));
    mkdirSync(join(site, 'assets'));
    mkdirSync(join(site, 'data'));
    writeFileSync(join(site, 'index.html'), '<!doctype html>');
    writeFileSync(join(site, 'assets', 'index-abc.js'), 'abc');
    writeFileSync(join(site, 'assets', 'index-abc.js.map'), '{}');
    writeFileSync(join(site, 'data', 'california_housing.csv'), 'MedInc\n1\n');
    writeFileSync(join(site, 'sw.js'), 'old service worker');
  });
  afterEach(() => rmSync(site, { recursive: true, force: true }));

  it('lists every file of the site, sorted, with its sha256 and size, but not the service worker or source maps', () => {
    const manifest = precacheManifest(site);
    expect(manifest.entries.map((e) => e.url)).toEqual(['assets/index-abc.js', 'data/california_housing.csv', 'index.html']);
    expect(manifest.entries[0]).toEqual({ url: 'assets/index-abc.js', sha256: SHA256_OF_ABC, bytes: 3 });
    expect(manifest.version).toMatch(/^[0-9a-f]{16}$/);
  });

  it('gets a new version when any file changes, and keeps it when nothing does', () => {
    const first = precacheManifest(site);
    expect(precacheManifest(site).version).toBe(first.version);
    writeFileSync(join(site, 'sw.js'), 'another service worker');
    expect(precacheManifest(site).version).toBe(first.version);
    writeFileSync(join(site, 'data', 'california_housing.csv'), 'MedInc\n2\n');
    expect(precacheManifest(site).version).not.toBe(first.version);
  });

  it('writes the manifest as the first line of the service worker script, and reads the compiled code back', () => {
    const manifest = precacheManifest(site);
    const script = serviceWorkerScript(manifest, 'self.addEventListener("install", () => {});\n');
    const [firstLine] = script.split('\n');
    expect(firstLine).toBe(`const ${MANIFEST_GLOBAL} = ${JSON.stringify(manifest)};`);
    expect(compiledCodeOf(script)).toBe('self.addEventListener("install", () => {});\n');
    expect(() => compiledCodeOf('self.addEventListener("install", () => {});')).toThrow(/must start with "const __PRECACHE_MANIFEST__ = "/);
  });
});
