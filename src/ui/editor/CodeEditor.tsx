import { setDiagnostics, type Diagnostic as CmDiagnostic } from '@codemirror/lint';
import { EditorSelection, EditorState, type Text } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { useEffect, useImperativeHandle, useRef, type Ref } from 'react';
import type { Diagnostic } from '../../authoring/dagFileResult';
import type { Cursor } from '../../runtime/workspace/workspace';
import { editorExtensions } from './editorExtensions';

export interface CodeEditorHandle {
  /** Puts the cursor at a 1-based line and column, scrolls there and focuses the editor. */
  jumpTo(line: number, column: number): void;
  /** Replaces the whole text (a revert, another tab's version), keeping the undo history. */
  replaceText(text: string): void;
  text(): string;
}

export interface CodeEditorProps {
  /** A new value loads `initialText` and `initialCursor` as a fresh document (another file was opened). */
  readonly docKey: string;
  readonly initialText: string;
  readonly initialCursor: Cursor;
  readonly diagnostics: readonly Diagnostic[];
  readonly label: string;
  onChange(text: string, cursor: Cursor, docChanged: boolean): void;
  readonly handleRef: Ref<CodeEditorHandle>;
}

/** A 1-based line and column as a document offset, clamped into the document. */
function offsetOf(doc: Text, line: number, column: number): number {
  const l = doc.line(Math.min(Math.max(1, line), doc.lines));
  return l.from + Math.min(Math.max(0, column - 1), l.length);
}

function cmDiagnostics(doc: Text, diagnostics: readonly Diagnostic[]): CmDiagnostic[] {
  return diagnostics.map((d) => {
    const from = offsetOf(doc, d.line, d.column);
    let to = d.endLine !== undefined && d.endColumn !== undefined ? offsetOf(doc, d.endLine, d.endColumn) : from;
    if (to <= from) {
      // No end given: underline the word (or character) at the position.
      const line = doc.lineAt(from);
      const rest = line.text.slice(from - line.from);
      to = from + Math.max(1, /^[\w$]+/.exec(rest)?.[0].length ?? 1);
      to = Math.min(to, line.to);
    }
    return { from, to: Math.max(from, to), severity: d.severity, message: d.message, source: d.code };
  });
}

const clampCursor = (cursor: Cursor, length: number) => EditorSelection.single(Math.min(cursor.anchor, length), Math.min(cursor.head, length));

/**
 * CodeMirror 6 inside a <div> React renders empty and never touches: the view owns that DOM (in the div's shadow
 * root; the page's theme variables inherit into it). React tells it which
 * document to show and which diagnostics to mark; the view reports every change.
 */
export function CodeEditor({ docKey, initialText, initialCursor, diagnostics, label, onChange, handleRef }: CodeEditorProps) {
  const hostRef = useRef<HTMLDivElement>(null);
  const viewRef = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const loading = useRef(false);

  const stateFor = (text: string, cursor: Cursor) =>
    EditorState.create({
      doc: text,
      selection: clampCursor(cursor, text.length),
      extensions: editorExtensions(label, (view) => {
        if (loading.current) return;
        const { anchor, head } = view.state.selection.main;
        onChangeRef.current(view.state.doc.toString(), { anchor, head }, true);
      }),
    });

  useEffect(() => {
    // The view lives in a shadow root: CodeMirror's style modules then go into a constructable stylesheet adopted by
    // that root. Under the document they would be a <style> element, which the page's CSP (style-src 'self') refuses.
    const host = hostRef.current!;
    const root = host.shadowRoot ?? host.attachShadow({ mode: 'open' });
    const view = new EditorView({ parent: root, root });
    view.dom.setAttribute('data-testid', 'editor');
    viewRef.current = view;
    return () => {
      view.destroy();
      viewRef.current = null;
    };
  }, []);

  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    loading.current = true;
    view.setState(stateFor(initialText, initialCursor));
    loading.current = false;
    view.dispatch({ scrollIntoView: true });
    // Only a new document resets the editor: the text typed since is the editor's own.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [docKey]);

  useEffect(() => {
    const view = viewRef.current;
    if (!view) return;
    view.dispatch(setDiagnostics(view.state, cmDiagnostics(view.state.doc, diagnostics)));
  }, [diagnostics, docKey]);

  useImperativeHandle(handleRef, () => ({
    jumpTo(line, column) {
      const view = viewRef.current;
      if (!view) return;
      const pos = offsetOf(view.state.doc, line, column);
      view.dispatch({ selection: { anchor: pos }, effects: EditorView.scrollIntoView(pos, { y: 'center' }) });
      view.focus();
    },
    replaceText(text) {
      const view = viewRef.current;
      if (!view) return;
      const head = Math.min(view.state.selection.main.head, text.length);
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text }, selection: { anchor: head } });
    },
    text: () => viewRef.current?.state.doc.toString() ?? '',
  }));

  return <div ref={hostRef} className="code-editor-host" />;
}
