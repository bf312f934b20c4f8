import { describe, expect, it } from 'vitest';
import { encodeShareFragment } from '../../../src/share/shareLink';
import { openSharedFile } from '../../../src/ui/embed/sharedFile';

describe('an embed opening #/share/<payload>', () => {
  it("shows the link's active file, else its first", async () => {
    const files = [
      { name: 'a.ts', text: "new Dag('a');\n" },
      { name: 'b.ts', text: "new Dag('b');\n" },
    ];
    const withActive = await encodeShareFragment({ v: 1, files, active: 'b.ts' });
    const withoutActive = await encodeShareFragment({ v: 1, files });
    if (!withActive.ok || !withoutActive.ok) throw new Error('encoding failed');
    const payloadOf = (fragment: string) => fragment.slice('#/share/'.length);
    expect(await openSharedFile(payloadOf(withActive.fragment))).toEqual({ ok: true, file: files[1] });
    expect(await openSharedFile(payloadOf(withoutActive.fragment))).toEqual({ ok: true, file: files[0] });
  });

  it('refuses a damaged link with the codec’s message', async () => {
    const opened = await openSharedFile('1.%%%not-base64');
    expect(opened.ok).toBe(false);
    expect(opened.ok ? '' : opened.error).toMatch(/base64/i);
  });
});
