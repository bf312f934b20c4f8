import { describe, expect, it } from 'vitest';
import { balanceBidi, containBidi, FSI, PDI, revealedControl } from '../../../src/core/bidiText';
import { displayText, quoted } from '../../../src/core/displayText';

const RLO = '\u202e';
const PDF = '\u202c';
const RLI = '\u2067';

/**
 * A small model of UAX #9's explicit levels (X1–X8, counting only): how many embeddings and isolates are open after
 * `text`. What comes next in the sentence inherits them.
 */
function openScopes(text: string): number {
  const stack: ('e' | 'i')[] = [];
  for (const c of text) {
    if ('\u202a\u202b\u202d\u202e'.includes(c)) stack.push('e');
    else if (c === PDF) {
      if (stack.at(-1) === 'e') stack.pop();
    } else if ('\u2066\u2067\u2068'.includes(c)) stack.push('i');
    else if (c === PDI) {
      const at = stack.lastIndexOf('i');
      if (at >= 0) stack.length = at;
    }
  }
  return stack.length;
}

describe('balanceBidi', () => {
  it('leaves text without explicit formatting characters alone', () => {
    expect(balanceBidi('ml_producer שלום')).toBe('ml_producer שלום');
  });

  it('shows a PDI that would close the isolate around the text, so an override after it cannot escape', () => {
    // Quoted naively, FSI + this + PDI would close our FSI at the first PDI and leave the RLO open after the quote.
    const escape = `a${PDI}${RLO}b`;
    expect(openScopes(`${FSI}${escape}${PDI} rest`)).toBe(1);
    const balanced = balanceBidi(escape);
    expect(balanced).toBe(`a<U+2069>${RLO}b`);
    expect(openScopes(`${FSI}${balanced}${PDI} rest`)).toBe(0);
    expect(displayText(escape)).toBe(`${FSI}a<U+2069>${RLO}b${PDI}`);
  });

  it('closes the isolates the text opens and never closes (which also ends the embeddings inside them)', () => {
    expect(balanceBidi(`x${RLI}y${RLO}z`)).toBe(`x${RLI}y${RLO}z${PDI}`);
    expect(openScopes(balanceBidi(`x${RLI}y${RLO}z`))).toBe(0);
    // An embedding alone is left for the enclosing isolate's PDI to end.
    expect(openScopes(`${FSI}${balanceBidi(`${RLO}z`)}${PDI}`)).toBe(0);
  });

  it('keeps pairs the text closes itself', () => {
    expect(balanceBidi(`${RLO}ab${PDF} ${RLI}c${PDI}`)).toBe(`${RLO}ab${PDF} ${RLI}c${PDI}`);
  });
});

describe('containBidi', () => {
  it('shows an override that a message did not isolate instead of obeying it', () => {
    // What a message built as `"${id}" is not a valid id` does with an id that holds an override.
    const message = `dags[0].id: "evil${RLO}gnp.exe" is not a valid DAG id`;
    expect(openScopes(message)).toBe(1);
    const contained = containBidi(message);
    expect(contained).toBe('dags[0].id: "evil<U+202E>gnp.exe" is not a valid DAG id');
    expect(openScopes(contained)).toBe(0);
  });

  it('keeps user text that displayText isolated working, override and all, inside its isolate', () => {
    const message = `Task ${quoted(`evil${RLO}gnp.exe`)} failed.`;
    expect(containBidi(message)).toBe(message);
  });

  it('shows an isolate that is never closed and a PDI that closes nothing', () => {
    expect(containBidi(`a ${RLI}b`)).toBe('a <U+2067>b');
    expect(containBidi(`a${PDI} b`)).toBe('a<U+2069> b');
    expect(revealedControl('\u202a')).toBe('<U+202A>');
  });
});
