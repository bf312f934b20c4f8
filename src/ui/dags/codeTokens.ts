/** What a piece of source text is, for its colour; `plain` covers identifiers, operators and whitespace. */
export type TokenKind = 'comment' | 'string' | 'number' | 'keyword' | 'literal' | 'property' | 'punctuation' | 'plain';

export interface Token {
  readonly kind: TokenKind;
  readonly text: string;
}

const KEYWORDS = new Set([
  'import', 'export', 'from', 'const', 'let', 'var', 'function', 'return', 'type', 'interface', 'as', 'async', 'await',
  'if', 'else', 'for', 'of', 'in', 'new', 'readonly', 'extends', 'default',
]);
const LITERALS = new Set(['true', 'false', 'null', 'undefined']);

// One alternation, tried left to right at each position: comments before `/`, strings before anything inside them.
const TOKEN = new RegExp(
  [
    String.raw`(?<comment>\/\/[^\n]*|\/\*[\s\S]*?\*\/)`,
    String.raw`(?<string>'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|` + '`(?:[^`\\\\]|\\\\.)*`)',
    String.raw`(?<number>-?\b\d[\d_]*(?:\.\d+)?(?:[eE][+-]?\d+)?\b)`,
    String.raw`(?<word>[A-Za-z_$][\w$]*)`,
    String.raw`(?<punctuation>[{}[\]().,;:])`,
  ].join('|'),
  'g',
);

/**
 * Splits TypeScript or JSON source into coloured runs of text, for a read-only code view built from React spans (never
 * HTML). A light, line-agnostic lexer: good enough for DAG definitions, not a parser. Every character of the input is
 * in exactly one token, in order, so joining the texts gives the source back.
 */
export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let last = 0;
  const push = (kind: TokenKind, text: string) => {
    if (!text) return;
    const prev = tokens[tokens.length - 1];
    if (prev && prev.kind === kind && kind === 'plain') tokens[tokens.length - 1] = { kind, text: prev.text + text };
    else tokens.push({ kind, text });
  };
  for (const match of source.matchAll(TOKEN)) {
    const index = match.index;
    push('plain', source.slice(last, index));
    const groups = match.groups!;
    if (groups.comment !== undefined) push('comment', match[0]);
    else if (groups.string !== undefined) push(isPropertyKey(source, index + match[0].length) ? 'property' : 'string', match[0]);
    else if (groups.number !== undefined) push('number', match[0]);
    else if (groups.word !== undefined) {
      const word = match[0];
      // A key first: `type: 'manual'` and `default: 0` are settings, not the keywords `type` and `default`.
      push(
        isPropertyKey(source, index + word.length) ? 'property' : KEYWORDS.has(word) ? 'keyword' : LITERALS.has(word) ? 'literal' : 'plain',
        word,
      );
    } else push('punctuation', match[0]);
    last = index + match[0].length;
  }
  push('plain', source.slice(last));
  return tokens;
}

/** A word or string followed by `:` (not `::`) is an object key: `retries: 2`, `"retries": 2`. */
function isPropertyKey(source: string, after: number): boolean {
  let i = after;
  while (source[i] === ' ' || source[i] === '\t') i++;
  return source[i] === ':' && source[i + 1] !== ':';
}

/** The tokens split at newlines, one array per line, for a view with line numbers. */
export function tokenLines(tokens: readonly Token[]): Token[][] {
  const lines: Token[][] = [[]];
  for (const token of tokens) {
    const parts = token.text.split('\n');
    parts.forEach((part, i) => {
      if (i > 0) lines.push([]);
      if (part) lines[lines.length - 1]!.push({ kind: token.kind, text: part });
    });
  }
  return lines;
}

/**
 * The part of a module that declares one DAG: from the `export const` (with the doc comment above it) whose body says
 * `id: dagId('<id>')`, to the next top-level declaration. null when the module does not declare it.
 */
export function dagSourceBlock(source: string, dagId: string): string | null {
  const starts: number[] = [];
  const declaration = /^(?:\/\*\*(?:[^*]|\*(?!\/))*\*\/\n)?export const /gm;
  for (const m of source.matchAll(declaration)) starts.push(m.index);
  const idPattern = new RegExp(String.raw`id:\s*dagId\(\s*['"]${dagId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"]\s*\)`);
  for (let i = 0; i < starts.length; i++) {
    const block = source.slice(starts[i], starts[i + 1] ?? source.length);
    if (idPattern.test(block)) return block.trimEnd() + '\n';
  }
  return null;
}
