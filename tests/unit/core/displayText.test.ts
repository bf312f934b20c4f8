import { describe, expect, it } from 'vitest';
import {
  characterCount,
  displayText,
  DISPLAY_MAX_CHARS,
  FSI,
  isolateText,
  PDI,
  quoted,
  shortenText,
  visibleControls,
} from '../../../src/core/displayText';

const RLO = '\u202e';

/** The explicit bidi state at the end of `text` (UAX #9 X1–X8, counting only): what a following character would inherit. */
function openBidiScopes(text: string): number {
  const stack: ('embedding' | 'isolate')[] = [];
  for (const c of text) {
    if ('\u202a\u202b\u202d\u202e'.includes(c)) stack.push('embedding');
    else if (c === '\u202c') {
      if (stack.at(-1) === 'embedding') stack.pop();
    } else if ('\u2066\u2067\u2068'.includes(c)) stack.push('isolate');
    else if (c === PDI) {
      // X6a: a PDI closes its isolate and every embedding or override opened after it.
      const at = stack.lastIndexOf('isolate');
      if (at >= 0) stack.length = at;
    } else if (c === '\n') stack.length = 0;
  }
  return stack.length;
}

describe('shortenText', () => {
  it('leaves text of up to the limit as it is', () => {
    expect(shortenText('ml_producer')).toBe('ml_producer');
    const atLimit = 'x'.repeat(DISPLAY_MAX_CHARS);
    expect(shortenText(atLimit)).toBe(atLimit);
  });

  it('shows a 1,000,000-character id as head … tail with its full length', () => {
    const huge = `start${'a'.repeat(999_990)}final`;
    const shown = shortenText(huge);
    expect(shown).toMatch(/^starta+…a+final \(1,000,000 characters\)$/);
    expect(characterCount(shown.replace(/ \(.*\)$/, ''))).toBe(DISPLAY_MAX_CHARS);
    expect(shown.length).toBeLessThan(130);
  });

  it('follows a smaller limit, keeping more of the head than of the tail', () => {
    expect(shortenText('abcdefghijklmnopqrstuvwxyz', { max: 11 })).toBe('abcdef…wxyz (26 characters)');
  });

  it('counts and cuts characters, not UTF-16 units: an emoji is one character and is never cut in half', () => {
    const emoji = '😀'.repeat(150);
    expect(characterCount(emoji)).toBe(150);
    const shown = shortenText(emoji, { max: 11 });
    expect(shown).toBe(`${'😀'.repeat(6)}…${'😀'.repeat(4)} (150 characters)`);
    expect(shown).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    // 100 emoji are 200 UTF-16 units but only 100 characters: shown whole.
    expect(shortenText('😀'.repeat(100))).toBe('😀'.repeat(100));
  });

  it('does not start the tail with a combining mark that would sit on the ellipsis', () => {
    const text = `${'a'.repeat(20)}e\u0301\u0301xyz`;
    expect(shortenText(text, { max: 10 })).toBe('aaaaa…xyz (26 characters)');
  });
});

describe('isolateText and displayText', () => {
  it('leaves printable ASCII untouched, so plain ids read exactly as before', () => {
    expect(isolateText('ml_producer')).toBe('ml_producer');
    expect(displayText('train-2.v1')).toBe('train-2.v1');
    expect(quoted('train')).toBe('"train"');
  });

  it('isolates an id with a right-to-left override, so the rest of the sentence is not reversed', () => {
    const id = `evil${RLO}gnp.exe`;
    const message = `DAG ${quoted(id)} has no tasks.`;
    expect(message).toBe(`DAG "${FSI}evil${RLO}gnp.exe${PDI}" has no tasks.`);
    // Without the isolate the override would still be open at " has no tasks." …
    expect(openBidiScopes(`DAG "${id}" has no tasks.`)).toBe(1);
    // … with it, nothing the id opened reaches the text after it.
    expect(openBidiScopes(message)).toBe(0);
  });

  it('keeps the isolate closed when shortening cuts off what the text itself would have closed', () => {
    // The id closes its own override only at its very end, which the shortening drops.
    const id = `${RLO}${'x'.repeat(250)}\u202c${'y'.repeat(250)}`;
    const shown = displayText(id);
    expect(shown).toMatch(new RegExp(`^${FSI}${RLO}x+…y+${PDI} \\(502 characters\\)$`));
    expect(openBidiScopes(`Task ${`"${shown}"`} failed.`)).toBe(0);
  });

  it('isolates right-to-left scripts too, which then read right to left without moving the English around them', () => {
    expect(displayText('שלום')).toBe(`${FSI}שלום${PDI}`);
  });

  it('shows control characters as visible pictures: a newline in an id cannot fake a line of the message', () => {
    expect(visibleControls('a\nb\tc\u0000\u007f')).toBe('a␊b␉c␀␡');
    expect(displayText('line one\nERROR: fake')).toBe(`${FSI}line one␊ERROR: fake${PDI}`);
    expect(visibleControls('plain')).toBe('plain');
  });

  it('shortens before isolating: a huge id with an override is short, isolated and states its length', () => {
    const id = `${RLO}${'b'.repeat(999_999)}`;
    const shown = quoted(id);
    expect(shown).toMatch(new RegExp(`^"${FSI}${RLO}b+…b+${PDI} \\(1,000,000 characters\\)"$`));
    expect(shown.length).toBeLessThan(140);
  });
});
