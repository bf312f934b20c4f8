import { useEffect, useMemo, useState } from 'react';
import type { DagDefinition } from '../../core/dag';
import type { DagRun } from '../../core/model';
import { usePlaygroundClient } from '../PlaygroundContext';
import { dagSourceBlock, tokenize, tokenLines, type Token } from './codeTokens';
import './code.css';

/**
 * The DAG modules of the pipelines as text (Vite's `?raw`): only shown, never run. A DAG found in one of them is shown
 * as it was written; any DAG (an imported one too) as the JSON the scheduler reads.
 */
const SOURCES = import.meta.glob<string>('../../pipelines/**/dags.ts', { query: '?raw', import: 'default', eager: true });

interface Source {
  readonly path: string;
  readonly text: string;
}

function builtInSourceOf(dagId: string): Source | null {
  for (const [path, text] of Object.entries(SOURCES)) {
    const block = dagSourceBlock(text, dagId);
    if (block) return { path: path.replace(/^(\.\.\/)+/, 'src/'), text: block };
  }
  return null;
}

type Format = 'source' | 'json';

/**
 * The TypeScript a run ran: for a DAG written in the editor, the file of the version the run was created with (the
 * current definition carries its file; an older version is asked of the scheduling tab's store); for a built-in DAG,
 * its pipeline module.
 */
function useSource(dag: DagDefinition, run: DagRun | null): { readonly source: Source | null; readonly version: number | null; readonly note: string | null } {
  const client = usePlaygroundClient();
  const wanted = run?.dagVersion ?? dag.version ?? null;
  const current = dag.source && wanted === (dag.version ?? null) ? { path: `${dag.source.fileName} (editor)`, text: dag.source.text } : null;
  const [older, setOlder] = useState<{ key: string; source: Source | null; note: string | null } | null>(null);
  const key = `${dag.id}@${wanted}`;
  useEffect(() => {
    if (current || wanted === null) return;
    let cancelled = false;
    void client.execute({ type: 'readDagVersion', dagId: dag.id, version: wanted }).then((answer) => {
      if (cancelled) return;
      setOlder(
        answer.ok
          ? { key, source: { path: `${answer.dagVersion.fileName} (editor, version ${wanted})`, text: answer.dagVersion.text }, note: null }
          : { key, source: null, note: answer.errors.join(' ') },
      );
    });
    return () => {
      cancelled = true;
    };
  }, [client, dag.id, wanted, key, current !== null]);
  if (current) return { source: current, version: wanted, note: null };
  if (wanted !== null) return { source: older?.key === key ? older.source : null, version: wanted, note: older?.key === key ? older.note : 'Reading this version…' };
  return { source: builtInSourceOf(dag.id), version: null, note: null };
}

/**
 * Airflow's Code tab: the DAG definition, read-only. TypeScript as written in the pipeline module (what an Airflow user
 * reads as the DAG file) or the definition as JSON (every setting spelled out, defaults left out). Coloured by a small
 * lexer into React spans: the text is never parsed as HTML.
 */
export function CodeView({ dag, run }: { dag: DagDefinition; run: DagRun | null }) {
  const { source, version, note } = useSource(dag, run);
  const json = useMemo(() => `${JSON.stringify(dag, null, 2)}\n`, [dag]);
  const [chosen, setChosen] = useState<Format>('source');
  const format: Format = source ? chosen : 'json';
  const text = format === 'source' && source ? source.text : json;
  const lines = useMemo(() => tokenLines(tokenize(text)), [text]);
  const [copied, setCopied] = useState<string | null>(null);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied('Copied.');
    } catch {
      setCopied('The browser refused the clipboard: select the text and copy it by hand.');
    }
  };

  return (
    <div className="code-panel" data-testid="dag-code" data-format={format} data-version={version ?? ''}>
      <div className="code-toolbar">
        <div role="radiogroup" aria-label="Show the definition as" className="segmented">
          <button
            type="button"
            role="radio"
            aria-checked={format === 'source'}
            disabled={!source}
            data-testid="code-format-source"
            onClick={() => setChosen('source')}
          >
            TypeScript
          </button>
          <button type="button" role="radio" aria-checked={format === 'json'} data-testid="code-format-json" onClick={() => setChosen('json')}>
            JSON
          </button>
        </div>
        <span className="muted small code-path">
          {format === 'source' && source
            ? source.path
            : source
              ? 'the definition the scheduler reads'
              : 'imported DAG: its definition as the scheduler reads it'}
          {' · read-only'}
        </span>
        {version !== null && (
          <span className="chip" data-testid="dag-version" data-version={version} title={run ? 'The version this run was created with' : 'The version running now'}>
            v{version}
          </span>
        )}
        {note && <span className="small muted">{note}</span>}
        <button type="button" data-testid="code-copy" onClick={() => void copy()}>
          Copy
        </button>
        <span role="status" className="small muted">
          {copied}
        </span>
      </div>
      <pre className="code-view" tabIndex={0} aria-label={`Definition of ${dag.id}, ${format === 'source' ? 'TypeScript' : 'JSON'}`} data-testid="dag-code-text">
        <code>
          {lines.map((tokens, i) => (
            <CodeLine key={i} number={i + 1} tokens={tokens} />
          ))}
        </code>
      </pre>
    </div>
  );
}

function CodeLine({ number, tokens }: { number: number; tokens: readonly Token[] }) {
  return (
    <span className="code-line">
      <span className="code-ln" aria-hidden="true">
        {number}
      </span>
      {tokens.map((token, i) =>
        token.kind === 'plain' ? (
          token.text
        ) : (
          <span key={i} className={`tok-${token.kind}`}>
            {token.text}
          </span>
        ),
      )}
    </span>
  );
}
