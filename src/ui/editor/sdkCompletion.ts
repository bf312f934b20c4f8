import { SDK_REFERENCE, type SdkEntry } from '../../authoring/sdkReference';

/**
 * Completion and hover docs of the authoring API from its reference (src/authoring/sdkReference.ts, generated from
 * the declaration file): pure functions of the text and the cursor, so they are tested without an editor. They read
 * the file the way a person does, not as a type checker: `dag.` after `const dag = new Dag(…)`, `operators.housing.`,
 * `getContext().`, and the option names inside the `{ }` of `new Dag(…)`, `dag.task(…)` and `new Asset(…)`.
 */
export interface SdkOption {
  readonly label: string;
  readonly kind: SdkEntry['kind'];
  readonly detail: string;
  readonly doc: string;
}

export interface SdkCompletions {
  /** Where the word being completed starts. */
  readonly from: number;
  readonly options: readonly SdkOption[];
}

const BY_NAME = new Map(SDK_REFERENCE.map((entry) => [entry.name, entry]));
const GLOBALS = SDK_REFERENCE.filter((e) => !e.name.includes('.') && (e.kind === 'class' || e.kind === 'function' || e.kind === 'const'));
/** Members whose type is another documented interface: `getContext().log.` → TaskLog's members. */
const MEMBER_TYPES: Readonly<Record<string, string>> = { 'TaskContext.log': 'TaskLog', 'Asset.ref': 'AssetNameRef' };
const HIDDEN = new Set(['constructor', '__returns']);

const optionOf = (entry: SdkEntry): SdkOption => ({
  label: entry.name.slice(entry.name.lastIndexOf('.') + 1),
  kind: entry.kind,
  detail: entry.signature.length > 80 ? `${entry.signature.slice(0, 79)}…` : entry.signature,
  doc: entry.doc,
});

/** The documented members of a type (`Dag`, `TaskContext`, `operators.housing`). */
function membersOf(type: string): SdkOption[] {
  const prefix = `${type}.`;
  return SDK_REFERENCE.filter((e) => e.name.startsWith(prefix) && !e.name.slice(prefix.length).includes('.') && !HIDDEN.has(e.name.slice(prefix.length))).map(optionOf);
}

/** What a variable of the file holds, from how it was declared: `const x = new Dag(…)`, `= getContext()`, `= d.task(…)`. */
function typeOfVariable(text: string, name: string): string | null {
  const escaped = name.replace(/\$/g, '\\$');
  const declared = new RegExp(`(?:const|let|var)\\s+${escaped}\\s*(?::[^=]+)?=\\s*([^;\\n]*)`).exec(text);
  if (!declared) return null;
  const value = declared[1]!;
  if (/^new\s+Dag\b/.test(value)) return 'Dag';
  if (/^new\s+Asset\b/.test(value)) return 'Asset';
  if (/^getContext\(\s*\)/.test(value)) return 'TaskContext';
  if (/^[\w$]+\s*\.\s*(task|branch|shortCircuit)\s*\(/.test(value)) return 'Node';
  return null;
}

/** The type a member chain such as `operators.housing` or `getContext().log` ends in; null when it is not the API's. */
function typeOfChain(text: string, chain: readonly string[]): string | null {
  const [head, ...rest] = chain;
  let type: string | null = head === 'getContext()' ? 'TaskContext' : head && BY_NAME.has(head) && !head.endsWith(')') ? head : head ? typeOfVariable(text, head) : null;
  for (const segment of rest) {
    if (!type) return null;
    const qualified = `${type}.${segment.replace(/\(\)$/, '')}`;
    type = MEMBER_TYPES[qualified] ?? (SDK_REFERENCE.some((e) => e.name.startsWith(`${qualified}.`)) ? qualified : null);
  }
  return type;
}

/** Walks back from `pos` to the innermost `{` and `(` not closed yet (strings and comments are not told apart). */
function openers(text: string, pos: number): { brace: number; paren: number } {
  let depthBrace = 0;
  let depthParen = 0;
  let brace = -1;
  for (let i = pos - 1; i >= 0; i--) {
    const c = text[i];
    if (c === '}') depthBrace++;
    else if (c === ')') depthParen++;
    else if (c === '(') {
      if (depthParen === 0) return { brace, paren: i };
      depthParen--;
    } else if (c === '{') {
      if (depthBrace === 0 && brace < 0) brace = i;
      else if (depthBrace > 0) depthBrace--;
    }
    if (c === ';' && brace < 0) return { brace: -1, paren: -1 };
  }
  return { brace, paren: -1 };
}

/** Which options object the cursor is in, as the reference names it: `TaskOptions`, `DagSpec`, `DagSpec.callbacks`… */
function optionsObjectAt(text: string, pos: number): string | null {
  const { brace, paren } = openers(text, pos);
  if (brace < 0 || paren < 0 || paren > brace) return null;
  const between = text.slice(brace + 1, pos);
  // A property name is being typed: what follows the last `,` (or the `{`) of this object is one word at most.
  const lastComma = between.lastIndexOf(',');
  if (!/^\s*[\w$]*$/.test(between.slice(lastComma + 1)) || /[{([]/.test(between.slice(lastComma + 1))) return null;
  if (/[{}]/.test(between.replace(/\{[^{}]*\}/g, ''))) return null;
  const callee = text.slice(Math.max(0, paren - 40), paren);
  const inner = text.slice(paren + 1, brace);
  let owner: string | null = null;
  if (/new\s+Asset\s*$/.test(callee)) owner = 'AssetSpec';
  else if (/new\s+Dag\s*$/.test(callee)) owner = 'DagSpec';
  else if (/\.\s*(task|branch|shortCircuit)\s*$/.test(callee)) owner = 'TaskOptions';
  if (!owner) return null;
  // The `{` must be an argument of the call itself: one inside a task's function body (unclosed there) is not.
  const opened = (inner.match(/\{/g) ?? []).length - (inner.match(/\}/g) ?? []).length;
  return opened === 0 ? owner : null;
}

function nestedOwner(text: string, pos: number): string | null {
  const { brace } = openers(text, pos);
  if (brace < 0) return null;
  const key = /(\w+)\s*:\s*$/.exec(text.slice(0, brace));
  if (!key) return null;
  const outer = optionsObjectAt(text, key.index);
  const qualified = outer ? `${outer}.${key[1]}` : null;
  return qualified && SDK_REFERENCE.some((e) => e.name.startsWith(`${qualified}.`)) ? qualified : null;
}

/** Completions at `pos`, or null when the cursor is not somewhere the API has names for. */
export function sdkCompletionsAt(text: string, pos: number, explicit = false): SdkCompletions | null {
  const before = text.slice(0, pos);
  const member = /((?:[A-Za-z_$][\w$]*(?:\(\s*\))?\s*\.\s*)+)([\w$]*)$/.exec(before);
  if (member) {
    const chain = member[1]!.split('.').map((s) => s.replace(/\s+/g, '')).filter(Boolean);
    const type = typeOfChain(text, chain);
    if (!type) return null;
    const options = membersOf(type);
    return options.length > 0 ? { from: pos - member[2]!.length, options } : null;
  }
  const word = /[A-Za-z_$][\w$]*$/.exec(before);
  const from = pos - (word?.[0].length ?? 0);
  const owner = nestedOwner(text, pos) ?? optionsObjectAt(text, pos);
  if (owner) return { from, options: membersOf(owner) };
  if (!word && !explicit) return null;
  return { from, options: GLOBALS.map(optionOf) };
}

/** The documentation of the API name at `pos` (a hover): its reference entry, or null. */
export function sdkEntryAt(text: string, pos: number): { readonly from: number; readonly to: number; readonly entry: SdkEntry } | null {
  let from = pos;
  let to = pos;
  while (from > 0 && /[\w$]/.test(text[from - 1]!)) from--;
  while (to < text.length && /[\w$]/.test(text[to]!)) to++;
  if (from === to) return null;
  const word = text.slice(from, to);
  const completions = sdkCompletionsAt(text, from, true);
  const inScope = completions?.options.find((o) => o.label === word);
  if (inScope) {
    const entry = SDK_REFERENCE.find((e) => e.name.endsWith(`.${word}`) && e.doc === inScope.doc && e.signature.startsWith(inScope.detail.replace(/…$/, ''))) ?? BY_NAME.get(word);
    if (entry) return { from, to, entry };
  }
  const global = BY_NAME.get(word);
  return global && GLOBALS.includes(global) ? { from, to, entry: global } : null;
}
