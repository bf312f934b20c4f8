import { useEffect, useRef, useState } from 'react';
import type { DagFileResult } from '../../authoring/dagFileResult';
import { evaluateDagFile } from '../../authoring/dagFileClient';
import type { DatasetDefinition } from '../../core/dag';

/**
 * How long typing must pause before the file is read again. Short: a read runs in the DAG-file worker and a superseded
 * one is dropped, so reading often costs the page nothing, and keystroke → graph (read ~45 ms for 50 tasks) stays
 * within 100 ms.
 */
export const PREVIEW_DEBOUNCE_MS = 40;
/** A performance mark at the start of each read, once typing paused. */
export const READ_MARK = 'editor-dag-file-read';

export interface DagFilePreview {
  /** The newest read of the text; null before the first. */
  readonly result: DagFileResult | null;
  /** The newest read that declared DAGs without errors: the graph keeps showing it while the file is broken. */
  readonly lastGood: DagFileResult | null;
  /** The text of `result` is not the text in the editor (a read is due or under way). */
  readonly pending: boolean;
  /** performance.now() when `result` arrived (the bench measures keystroke → graph with it). */
  readonly at: number;
}

/**
 * Reads the file in the page's DAG-file worker as the person types: debounced, latest-wins (a read superseded by a
 * newer keystroke resolves stale and is dropped), never on the main thread.
 */
export function useDagFilePreview(text: string, fileName: string | null, knownAssets: readonly DatasetDefinition[]): DagFilePreview {
  const [state, setState] = useState<Omit<DagFilePreview, 'pending'> & { readonly text: string | null }>({ result: null, lastGood: null, at: 0, text: null });
  const fileRef = useRef(fileName);
  useEffect(() => {
    // Another file: its own results only.
    if (fileRef.current !== fileName) setState({ result: null, lastGood: null, at: 0, text: null });
    fileRef.current = fileName;
  }, [fileName]);

  useEffect(() => {
    if (!fileName) return;
    const abort = new AbortController();
    const timer = setTimeout(() => {
      // The bench (tests/bench/editorParse.mjs) times a read from here to the graph it draws.
      performance.mark(READ_MARK);
      void evaluateDagFile(text, { fileName, knownAssets }, abort.signal).then((outcome) => {
        if (outcome.stale || abort.signal.aborted) return;
        setState((previous) => ({
          result: outcome,
          lastGood: outcome.ok && outcome.dags.length > 0 ? outcome : previous.lastGood,
          at: performance.now(),
          text,
        }));
      });
    }, PREVIEW_DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      abort.abort();
    };
  }, [text, fileName, knownAssets]);

  return { result: state.result, lastGood: state.lastGood, at: state.at, pending: state.text !== text };
}
