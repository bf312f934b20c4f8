import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LESSONS } from '../../../src/authoring/lessons';
import { toBase64Url } from '../../../src/share/base64url';
import { deflateRaw } from '../../../src/share/deflateRaw';
import { MAX_SHARE_URL_CHARS, MAX_SHARED_FILE_CHARS, MAX_SHARED_FILES } from '../../../src/share/shareLimits';
import { decodeShareFragment, encodeShareFragment, shareUrlOf, type SharePayload } from '../../../src/share/shareLink';

/** A fragment holding exactly these bytes, deflated (what a hand-made or hostile link would be). */
async function fragmentOfBytes(bytes: Uint8Array): Promise<string> {
  return `#/share/1.${toBase64Url(await deflateRaw(bytes))}`;
}
const fragmentOfJson = (json: unknown) => fragmentOfBytes(new TextEncoder().encode(typeof json === 'string' ? json : JSON.stringify(json)));

async function errorOf(fragment: string): Promise<string> {
  const decoded = await decodeShareFragment(fragment);
  expect(decoded.ok, `decoding should fail: ${fragment.slice(0, 60)}`).toBe(false);
  return decoded.ok ? '' : decoded.error;
}

const base = 'https://example.org/playground/?seed=1#/editor/x.ts';

describe('share links round-trip', () => {
  it.each(LESSONS.map((lesson) => [lesson.name, lesson] as const))('lesson %s comes back byte-identical and under the URL bound', async (_name, lesson) => {
    const payload: SharePayload = { v: 1, files: [{ name: lesson.fileName, text: lesson.text }], active: lesson.fileName, settings: { seed: 7, backend: 'cpu', speed: 'airflow' }, origin: `lesson ${lesson.name}` };
    const encoded = await encodeShareFragment(payload, { base });
    if (!encoded.ok) throw new Error(encoded.error);
    expect(encoded.fragment).toMatch(/^#\/share\/1\.[A-Za-z0-9_-]+$/);
    expect(encoded.urlLength).toBe(shareUrlOf(base, encoded.fragment).length);
    expect(encoded.urlLength).toBeLessThanOrEqual(MAX_SHARE_URL_CHARS);
    const decoded = await decodeShareFragment(encoded.fragment);
    if (!decoded.ok) throw new Error(decoded.error);
    expect(decoded.payload).toEqual(payload);
    expect(new TextEncoder().encode(decoded.payload.files[0]!.text)).toEqual(new TextEncoder().encode(lesson.text));
  });

  it('every lesson in one link round-trips too', async () => {
    const payload: SharePayload = { v: 1, files: LESSONS.map((l) => ({ name: l.fileName, text: l.text })) };
    const encoded = await encodeShareFragment(payload);
    if (!encoded.ok) throw new Error(encoded.error);
    const decoded = await decodeShareFragment(encoded.fragment.slice(1)); // without '#': the route's own form
    expect(decoded).toEqual({ ok: true, payload });
  });

  it('shareUrlOf replaces the page fragment and keeps the path and query', () => {
    expect(shareUrlOf(base, '#/share/1.abc')).toBe('https://example.org/playground/?seed=1#/share/1.abc');
    expect(shareUrlOf('http://h/p', '/share/1.abc')).toBe('http://h/p#/share/1.abc');
  });

  it('any valid payload round-trips (property)', async () => {
    const fileName = fc.stringMatching(/^[A-Za-z0-9_ .()-]{1,40}$/).map((s) => `${s.trim() || 'f'}.ts`).filter((n) => !/^\s|\s$/.test(n) && n !== 'apache-airflow-ts-sdk.ts');
    const payload = fc.record(
      {
        files: fc.uniqueArray(fc.record({ name: fileName, text: fc.string({ unit: 'binary', maxLength: 400 }) }), { minLength: 1, maxLength: 4, selector: (f) => f.name }),
        settings: fc.record({ seed: fc.integer({ min: 0, max: 0xffff_ffff }), backend: fc.constantFrom('wasm', 'cpu', 'webgl' as const), speed: fc.constantFrom('instant', 'airflow' as const) }, { requiredKeys: [] }),
        origin: fc.string({ unit: 'binary', maxLength: 60 }),
      },
      { requiredKeys: ['files'] },
    );
    let withSettings = 0;
    await fc.assert(
      fc.asyncProperty(payload, fc.boolean(), async (p, pickActive) => {
        const full: SharePayload = { v: 1, ...p, ...(pickActive ? { active: p.files[p.files.length - 1]!.name } : {}) } as SharePayload;
        if (full.settings && Object.keys(full.settings).length > 0) withSettings++;
        else if (full.settings) delete (full as { settings?: unknown }).settings;
        const encoded = await encodeShareFragment(full);
        if (!encoded.ok) throw new Error(encoded.error);
        const decoded = await decodeShareFragment(encoded.fragment);
        expect(decoded).toEqual({ ok: true, payload: full });
      }),
      { seed: 15, numRuns: 100 },
    );
    expect(withSettings).toBeGreaterThan(10);
  });
});

describe('bad fragments get one clear message', () => {
  it('empty, no version, another version', async () => {
    expect(await errorOf('#/share/')).toMatch(/empty/);
    expect(await errorOf('#/share/abc')).toMatch(/no format version/);
    expect(await errorOf('#/share/2.abc')).toMatch(/format 2; this playground reads format 1/);
  });

  it('bad base64', async () => {
    expect(await errorOf('#/share/1.ab$cd')).toMatch(/not base64url/);
    expect(await errorOf('#/share/1.abcde')).toMatch(/not base64url/); // a length no encoding makes
    expect(await errorOf('#/share/1.')).toMatch(/not base64url/);
  });

  it('truncated or corrupt deflate', async () => {
    const good = await encodeShareFragment({ v: 1, files: [{ name: 'a.ts', text: LESSONS[0]!.text }] });
    if (!good.ok) throw new Error(good.error);
    expect(await errorOf(good.fragment.slice(0, Math.floor(good.fragment.length / 2)))).toMatch(/cut short or corrupt/);
    expect(await errorOf(`#/share/1.${toBase64Url(new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x00, 0x12]))}`)).toMatch(/cut short or corrupt/);
  });

  it('a decompression bomb stops at the cap', async () => {
    const bomb = await fragmentOfBytes(new Uint8Array(16 * 1024 * 1024)); // 16 MB of zeros in ~22 kB of link
    expect(bomb.length).toBeLessThan(30_000);
    expect(await errorOf(bomb)).toMatch(/unpacks to more than 256 kB/);
  });

  it('a fragment longer than anything the playground reads', async () => {
    expect(await errorOf(`#/share/1.${'A'.repeat(70_000)}`)).toMatch(/reads at most 65,536/);
  });

  it('not UTF-8, not JSON, the wrong shape', async () => {
    expect(await errorOf(await fragmentOfBytes(new Uint8Array([0xc3, 0x28])))).toMatch(/not UTF-8/);
    expect(await errorOf(await fragmentOfJson('{"v":1,'))).toMatch(/not JSON/);
    expect(await errorOf(await fragmentOfJson([1, 2]))).toMatch(/not an object with files/);
    expect(await errorOf(await fragmentOfJson({ v: 2, files: [] }))).toMatch(/format 2/);
    expect(await errorOf(await fragmentOfJson({ v: 1, files: [] }))).toMatch(/holds no files/);
    expect(await errorOf(await fragmentOfJson({ v: 1, files: [{ name: 'a.ts', text: 5 }] }))).toMatch(/files\.0\.text is not what a shared pipeline holds/);
    expect(await errorOf(await fragmentOfJson({ v: 1, files: [{ name: 'a.ts', text: '' }], origin: {} }))).toMatch(/origin/);
  });

  it('too many files, a file over the cap, a 1 MB file inside', async () => {
    const many = Array.from({ length: MAX_SHARED_FILES + 1 }, (_, i) => ({ name: `f${i}.ts`, text: '' }));
    expect(await errorOf(await fragmentOfJson({ v: 1, files: many }))).toMatch(/holds 21 files; a link may hold at most 20/);
    const big = 'x'.repeat(MAX_SHARED_FILE_CHARS + 1);
    expect(await errorOf(await fragmentOfJson({ v: 1, files: [{ name: 'big.ts', text: big }] }))).toMatch(/"big.ts" in this link has 131,073 characters; a shared file may have at most 128 kB/);
    const megabyte = await fragmentOfJson({ v: 1, files: [{ name: 'huge.ts', text: 'y'.repeat(1_048_576) }] });
    expect(megabyte.length).toBeLessThan(MAX_SHARE_URL_CHARS); // small as a link, refused all the same
    expect(await errorOf(megabyte)).toMatch(/unpacks to more than 256 kB/);
  });

  it('bad file names, duplicates, an active file that is not there', async () => {
    const one = (name: string) => fragmentOfJson({ v: 1, files: [{ name, text: '' }] });
    expect(await errorOf(await one('../etc/passwd.ts'))).toMatch(/File 1 of this link has the name "..\/etc\/passwd.ts": A file name may not hold/);
    expect(await errorOf(await one('noext'))).toMatch(/ends in .ts/);
    expect(await errorOf(await one(''))).toMatch(/needs a name/);
    expect(await errorOf(await one(`${'n'.repeat(90)}.ts`))).toMatch(/at most 80 characters/);
    expect(await errorOf(await fragmentOfJson({ v: 1, files: [{ name: 'a.ts', text: '' }, { name: 'a.ts', text: '' }] }))).toMatch(/two files named "a.ts"/);
    expect(await errorOf(await fragmentOfJson({ v: 1, files: [{ name: 'a.ts', text: '' }], active: 'b.ts' }))).toMatch(/opens "b.ts", which is not among its files/);
  });

  it('settings outside what the Settings page accepts', async () => {
    const withSettings = (settings: unknown) => fragmentOfJson({ v: 1, files: [{ name: 'a.ts', text: '' }], settings });
    expect(await errorOf(await withSettings({ seed: -1 }))).toMatch(/seed must be a whole number/);
    expect(await errorOf(await withSettings({ seed: '7' }))).toMatch(/seed "7" is not a number/);
    expect(await errorOf(await withSettings({ backend: 'gpu' }))).toMatch(/backend must be one of wasm, cpu, webgl/);
    expect(await errorOf(await withSettings({ speed: 'warp' }))).toMatch(/speed must be one of instant, airflow/);
  });

  it('Copy link refuses what opening would refuse, and a link past the URL bound', async () => {
    const bad = await encodeShareFragment({ v: 1, files: [{ name: 'a/b.ts', text: '' }] });
    expect(bad).toMatchObject({ ok: false });
    // Random text does not compress: ~9,000 characters become a link over 8,000.
    let state = 1;
    const noise = Array.from({ length: 9_000 }, () => String.fromCharCode(33 + ((state = (state * 48271) % 2147483647) % 90))).join('');
    const long = await encodeShareFragment({ v: 1, files: [{ name: 'noise.ts', text: noise }] }, { base });
    expect(long).toMatchObject({ ok: false, tooLong: true });
    if (!long.ok) expect(long.error).toMatch(/would have [\d,]+ characters; links past 8,000 are cut/);
  });
});
