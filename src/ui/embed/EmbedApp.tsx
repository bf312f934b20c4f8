import { useEffect, useMemo, useRef, useState } from 'react';
import { lessonNamed } from '../../authoring/lessons';
import type { EmbedParams } from '../../embed/embedParams';
import { ML_CONSUMER } from '../../pipelines/housing/dags';
import { CodeEditor, type CodeEditorHandle } from '../editor/CodeEditor';
import { useDagFilePreview } from '../editor/useDagFilePreview';
import { usePlayground } from '../PlaygroundContext';
import { EmbedGraphPane } from './EmbedGraphPane';
import { EmbedLogsPane } from './EmbedLogsPane';
import { EmbedMetrics } from './EmbedMetrics';
import { useOpenInPlaygroundHref } from './openInPlayground';
import { useEmbedSession } from './useEmbedSession';
import '../editor/editor.css';
import './embed.css';

const START = { anchor: 0, head: 0 };

/**
 * The embedded playground (`?embed=1`): a title bar with Run and "Open in Pipeline Playground", then the panes the URL
 * asks for — the file's editor, its graph coloured by the latest run's task states, the selected task's log — and, for
 * the housing pipeline, the model's held-out metrics. Fits an 800 × 500 frame; only the panes scroll.
 */
export default function EmbedApp({ params }: { params: EmbedParams }) {
  const session = useEmbedSession(params);
  const status = usePlayground((s) => s.status);
  const bootError = usePlayground((s) => s.bootError);
  const datasets = usePlayground((s) => s.datasets);
  const [text, setText] = useState(session.file?.text ?? '');
  const [dagId, setDagId] = useState<string | null>(null);
  const [chosenTask, setTaskId] = useState<string | null>(null);
  // With both the editor and the graph asked for, they share the main pane, one at a time: the graph first.
  const both = params.panes.includes('editor') && params.panes.includes('graph');
  const [main, setMain] = useState<'editor' | 'graph'>(params.panes.includes('graph') ? 'graph' : 'editor');
  const editor = useRef<CodeEditorHandle>(null);
  const { file, fileKey } = session;

  useEffect(() => {
    setText(file?.text ?? '');
    setDagId(null);
    setTaskId(null);
  }, [file, fileKey]);

  const preview = useDagFilePreview(text, file?.name ?? null, datasets);
  const dags = preview.lastGood?.dags ?? [];
  const shownDag = dags.find((d) => d.id === dagId) ?? dags[0];
  const run = useMemo(() => [...session.runs].reverse().find((r) => r.dagId === shownDag?.id), [session.runs, shownDag]);
  // Until a task is picked, the logs show the first failed task of the run, else its last task.
  const taskId = chosenTask ?? (run ? (Object.keys(run.tasks).find((id) => run.tasks[id] === 'failed') ?? Object.keys(run.tasks).at(-1) ?? null) : null);
  const lesson = file ? lessonNamed(file.name.replace(/\.ts$/, '')) : undefined;
  // What the person sees in the editor (edits included) is what "Open in Pipeline Playground" carries.
  const shown = useMemo(() => (file ? { name: file.name, text } : null), [file, text]);
  const openHref = useOpenInPlaygroundHref(document.baseURI, shown);
  const shows = (pane: (typeof params.panes)[number]) => params.panes.includes(pane);
  const housing = dags.some((d) => d.id === ML_CONSUMER.id);
  const hidden = (key: 'run' | 'open' | 'title') => params.hidden.has(key);
  const title = lesson?.title ?? file?.name ?? 'Pipeline Playground';

  return (
    <div className="embed-root" data-testid="embed-root" data-embed-id={params.id} data-status={status} data-running={session.running ? 'true' : 'false'}>
      <header className="embed-header">
        {!hidden('title') && (
          <h1 className="embed-title" title={title}>
            <bdi>{title}</bdi>
          </h1>
        )}
        <span className="embed-status small muted" role="status" data-testid="app-status" data-status={status}>
          {status === 'booting' ? 'Starting…' : status === 'failed' ? 'Could not start' : session.running ? 'Running…' : ''}
        </span>
        {!hidden('run') && (
          <button
            type="button"
            className="primary"
            data-testid="embed-run"
            disabled={status !== 'ready' || session.running || !file}
            onClick={() => {
              if (both) setMain('graph');
              session.run();
            }}
          >
            {session.running ? 'Running…' : 'Run'}
          </button>
        )}
        {!hidden('open') && (
          <a className="embed-open small" href={openHref} target="_blank" rel="noopener noreferrer" data-testid="embed-open">
            Open in Pipeline Playground
          </a>
        )}
      </header>
      {(session.error ?? session.notice ?? bootError) && (
        <p className="embed-message small" role="alert" data-testid="embed-error">
          <bdi>{session.error ?? session.notice ?? bootError}</bdi>
        </p>
      )}
      <div className="embed-body" data-panes={params.panes.filter((p) => p !== 'metrics' && !(both && p === 'editor')).join(' ')}>
        {both && (
          <div className="embed-switch" role="group" aria-label="Shown in the main pane">
            <button type="button" aria-pressed={main === 'graph'} onClick={() => setMain('graph')} data-testid="embed-show-graph">
              Graph
            </button>
            <button type="button" aria-pressed={main === 'editor'} onClick={() => setMain('editor')} data-testid="embed-show-editor">
              Code
            </button>
          </div>
        )}
        {shows('editor') && file && (
          <section className="embed-pane embed-editor editor-code" aria-label="Code" hidden={both && main !== 'editor'}>
            <CodeEditor
              docKey={`${fileKey}`}
              initialText={file.text}
              initialCursor={START}
              diagnostics={preview.result && !preview.pending ? preview.result.diagnostics : []}
              label={`${file.name}: TypeScript DAG file. Tab indents; Escape then Tab leaves the editor.`}
              onChange={(next) => {
                setText(next);
                session.edit(next);
              }}
              handleRef={editor}
            />
          </section>
        )}
        {shows('graph') && (!both || main === 'graph') && (
          <EmbedGraphPane dags={dags} dagId={shownDag?.id ?? null} run={run} selectedTask={taskId} onDag={setDagId} onTask={setTaskId} reading={preview.result === null} />
        )}
        {shows('logs') && <EmbedLogsPane run={run} taskId={taskId} tasks={shownDag?.tasks.map((t) => t.id) ?? []} onTask={setTaskId} />}
      </div>
      {shows('metrics') && housing && <EmbedMetrics />}
    </div>
  );
}
