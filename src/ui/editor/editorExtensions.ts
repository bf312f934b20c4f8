import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { javascript, javascriptLanguage } from '@codemirror/lang-javascript';
import { bracketMatching, HighlightStyle, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { lintGutter, lintKeymap } from '@codemirror/lint';
import type { Extension } from '@codemirror/state';
import { drawSelection, EditorView, highlightActiveLine, highlightActiveLineGutter, hoverTooltip, keymap, lineNumbers } from '@codemirror/view';
import { tags as t } from '@lezer/highlight';
import { sdkCompletionsAt, sdkEntryAt } from './sdkCompletion';

/**
 * Token colours are the Code tab's (ui/dags/code.css, AA contrast in both themes), as variables editor.css sets on
 * the editor's host: the editor lives in a shadow root, which the page's classes do not reach but variables do.
 */
const highlight = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.moduleKeyword, t.definitionKeyword, t.operatorKeyword], color: 'var(--tok-keyword)', fontWeight: '600' },
  { tag: [t.string, t.special(t.string), t.regexp], color: 'var(--tok-string)' },
  { tag: [t.number, t.bool, t.null, t.atom], color: 'var(--tok-literal)' },
  { tag: [t.comment, t.lineComment, t.blockComment, t.docComment], color: 'var(--tok-comment)', fontStyle: 'italic' },
  { tag: [t.propertyName, t.typeName], color: 'var(--tok-property)' },
  { tag: [t.punctuation, t.bracket, t.separator], color: 'var(--muted)' },
]);

/** Colours from the page's theme variables, so light and dark follow the system setting with the rest of the page. */
const theme = EditorView.theme({
  '&': { height: '100%', minHeight: '0', backgroundColor: 'var(--code-bg)', color: 'var(--text)', fontSize: '0.85rem' },
  '.cm-scroller': { fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace', lineHeight: '1.5' },
  '.cm-content': { caretColor: 'var(--text)' },
  '&.cm-focused': { outline: '3px solid var(--accent)', outlineOffset: '-3px' },
  '&.cm-focused .cm-cursor': { borderLeftColor: 'var(--text)' },
  '.cm-gutters': { backgroundColor: 'var(--panel-2)', color: 'var(--muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'color-mix(in srgb, var(--accent) 9%, transparent)' },
  '.cm-selectionBackground, &.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground': {
    backgroundColor: 'color-mix(in srgb, var(--accent) 30%, transparent)',
  },
  '.cm-tooltip': { backgroundColor: 'var(--panel)', color: 'var(--text)', border: '1px solid var(--border)', borderRadius: '6px' },
  '.cm-tooltip-autocomplete > ul > li[aria-selected]': { backgroundColor: 'var(--accent)', color: 'var(--accent-text)' },
  '.cm-completionDetail': { marginLeft: '0.75em', fontStyle: 'normal', opacity: '0.85' },
  '.cm-completionInfo': { maxWidth: '28rem', padding: '0.4rem 0.6rem' },
  '.cm-sdk-doc': { maxWidth: '32rem', padding: '0.4rem 0.6rem' },
  '.cm-sdk-doc code': { display: 'block', whiteSpace: 'pre-wrap', marginBottom: '0.3rem' },
  '.cm-sdk-doc p': { margin: 0 },
  // The lint package draws its squiggles and gutter markers as data: SVG images, which the CSP's img-src 'self'
  // refuses: text decoration and CSS shapes instead.
  '.cm-lintRange-error, .cm-lintRange-warning, .cm-lintRange-info, .cm-lintRange-hint': {
    backgroundImage: 'none', textDecorationLine: 'underline', textDecorationStyle: 'wavy', textDecorationSkipInk: 'none', textUnderlineOffset: '3px',
  },
  '.cm-lintRange-error': { textDecorationColor: 'var(--error)' },
  '.cm-lintRange-warning': { textDecorationColor: 'var(--warning)' },
  '.cm-lintRange-info, .cm-lintRange-hint': { textDecorationColor: 'var(--info)' },
  '.cm-lint-marker-error, .cm-lint-marker-warning, .cm-lint-marker-info': { content: 'normal', width: '0.8em', height: '0.8em', margin: '0.1em' },
  '.cm-lint-marker-error': { backgroundColor: 'var(--error)', borderRadius: '50%' },
  '.cm-lint-marker-warning': { backgroundColor: 'var(--warning)', clipPath: 'polygon(50% 0, 100% 100%, 0 100%)' },
  '.cm-lint-marker-info': { backgroundColor: 'var(--info)' },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--error)' },
  '.cm-diagnostic-warning': { borderLeftColor: 'var(--warning)' },
  '.cm-panels': { backgroundColor: 'var(--panel)', color: 'var(--text)' },
});

function sdkCompletionSource(context: CompletionContext): CompletionResult | null {
  const found = sdkCompletionsAt(context.state.doc.toString(), context.pos, context.explicit);
  if (!found) return null;
  return {
    from: found.from,
    options: found.options.map((option) => ({
      label: option.label,
      type: option.kind === 'method' || option.kind === 'function' ? 'function' : option.kind === 'class' ? 'class' : option.kind === 'const' ? 'constant' : 'property',
      detail: option.detail,
      // A string is shown as text, never parsed as HTML.
      info: option.doc,
      boost: 1,
    })),
    validFor: /^[\w$]*$/,
  };
}

/** The SDK's documentation of the name under the pointer, built from text nodes. */
const sdkHover = hoverTooltip((view, pos) => {
  const found = sdkEntryAt(view.state.doc.toString(), pos);
  if (!found) return null;
  return {
    pos: found.from,
    end: found.to,
    above: true,
    create() {
      const dom = document.createElement('div');
      dom.className = 'cm-sdk-doc';
      const signature = document.createElement('code');
      signature.textContent = found.entry.signature;
      const doc = document.createElement('p');
      doc.textContent = found.entry.doc;
      dom.append(signature, doc);
      return { dom };
    },
  };
});

/**
 * The editor's extensions. Tab indents (indentWithTab); CodeMirror's own escape hatch lets keyboard users leave:
 * Escape, then Tab (or Shift-Tab) moves the focus out — the page says so beside the editor.
 */
export function editorExtensions(label: string, onChange: (view: EditorView) => void): Extension[] {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    history(),
    drawSelection(),
    indentOnInput(),
    bracketMatching(),
    closeBrackets(),
    highlightActiveLine(),
    lintGutter(),
    javascript({ typescript: true }),
    javascriptLanguage.data.of({ autocomplete: sdkCompletionSource }),
    autocompletion({ icons: false }),
    syntaxHighlighting(highlight),
    sdkHover,
    theme,
    keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, ...lintKeymap, indentWithTab]),
    // The label carries the keyboard hint too: an aria-describedby could not reach the page's hint from the shadow root.
    // tabindex 0 is what a contenteditable already has; spelled out, checkers that only count tabindex see that the
    // scrolling area holds something focusable.
    EditorView.contentAttributes.of({ 'aria-label': label, tabindex: '0' }),
    EditorView.updateListener.of((update) => {
      if (update.docChanged || update.selectionSet) onChange(update.view);
    }),
  ];
}
