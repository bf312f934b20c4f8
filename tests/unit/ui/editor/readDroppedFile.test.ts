import { describe, expect, it } from 'vitest';
import { MAX_DAG_FILE_BYTES } from '../../../../src/authoring/readDagFile';
import { readDroppedFile } from '../../../../src/ui/editor/readDroppedFile';

const fileOf = (name: string, bytes: Uint8Array, size = bytes.length) => ({ name, size, arrayBuffer: async () => bytes.slice().buffer });

describe('readDroppedFile', () => {
  it('reads UTF-8 text, without its byte-order mark', async () => {
    const text = "// é ✓\nnew Dag('x');\n";
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(text)]);
    expect(await readDroppedFile(fileOf('x.ts', bytes))).toEqual({ ok: true, text });
  });

  it('refuses a file over 1 MB before reading it, saying how big it is', async () => {
    let read = false;
    const big = { name: 'big.ts', size: MAX_DAG_FILE_BYTES + 1, arrayBuffer: async () => ((read = true), new ArrayBuffer(0)) };
    const outcome = await readDroppedFile(big);
    expect(outcome).toMatchObject({ ok: false });
    expect(!outcome.ok && outcome.error).toMatch(/big\.ts is 1\.0 MB; a DAG file may be at most 1 MB/);
    expect(read).toBe(false);
  });

  it('refuses bytes that are not UTF-8 (Latin-1 here) and binary files', async () => {
    const latin1 = await readDroppedFile(fileOf('latin.ts', new Uint8Array([0x2f, 0x2f, 0x20, 0xe9, 0x0a])));
    expect(!latin1.ok && latin1.error).toMatch(/not UTF-8 text/);
    const binary = await readDroppedFile(fileOf('a.bin', new Uint8Array([0x41, 0x00, 0x42])));
    expect(!binary.ok && binary.error).toMatch(/NUL bytes/);
  });
});
