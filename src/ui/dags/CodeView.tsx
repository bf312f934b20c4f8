import { useMemo, useState } from 'react';
import type { DagDefinition } from '../../core/dag';
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

function sourceOf(dagId: string): Source | null {
  for (const [path, text] of Object.entries(SOURCES)) {
    const block = dagSourceBlock(text, dagId);
    if (block) return { path: path.replace(/^(\.\.\/)+/, 'src/'), text: block };
  }
  return null;
}

type Format = 'source' | 'json';

/**
 * Airflow's Code tab: the DAG definition, read-only. TypeScript as written in the pipeline module (what an Airflow user
 * reads as the DAG file) or the definition as JSON (every setting spelled out, defaults left out). Coloured by a small
 * lexer into React spans: the text is never parsed as HTML.
 */
export function CodeView({ dag }: { dag: DagDefinition }) {
  const source = useMemo(() => sourceOf(dag.id), [dag.id]);
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
    <div className="code-panel" data-testid="dag-code" data-format={format}>
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
