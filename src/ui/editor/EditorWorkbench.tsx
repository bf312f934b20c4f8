import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { lessonNamed } from '../../authoring/lessons';
import type { DagId } from '../../core/ids';
import type { WorkspaceFile } from '../../runtime/workspace/workspace';
import { downloadBlob } from '../download';
import { usePlayground, usePlaygroundClient, usePlaygroundStore, useStorageScope } from '../PlaygroundContext';
import { CodeEditor, type CodeEditorHandle } from './CodeEditor';
import { DeployResult, type Deployed } from './DeployResult';
import { DiagnosticsList } from './DiagnosticsList';
import { EditorGraph } from './EditorGraph';
import { EditorToolbar } from './EditorToolbar';
import { HOUSING_LESSON, openEditorWorkspace, type EditorWorkspace } from './editorWorkspace';
import { FileSidebar } from './FileSidebar';
import { LessonIntro } from './LessonIntro';
import { readDroppedFile } from './readDroppedFile';
import { useDagFilePreview } from './useDagFilePreview';
import { useFileSession } from './useFileSession';
import './editor.css';

const NEW_FILE_TEXT = "// A DAG file: new Dag('my_dag') declares a DAG, dag.task('id', async () => …) its tasks.\n";
const HINT_ID = 'editor-keyboard-hint';

/**
 * The editor view: the workspace's files and the lessons, CodeMirror with the file, and beside it the file's problems
 * and the graph of the DAGs it declares, both updated as the person types. Save & run hands the text to the
 * scheduling tab, which reads it itself and schedules its DAGs as new versions.
 */
export default function EditorWorkbench() {
  const store = usePlaygroundStore();
  const client = usePlaygroundClient();
  const scope = useStorageScope();
  const datasets = usePlayground((s) => s.datasets);
  const wanted = usePlayground((s) => s.editorFile);
  const ready = usePlayground((s) => s.status === 'ready');
  const [opened, setOpened] = useState<EditorWorkspace | null>(null);
  const [openError, setOpenError] = useState<string | null>(null);
  const [files, setFiles] = useState<readonly WorkspaceFile[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [deleted, setDeleted] = useState<{ key: string; name: string } | null>(null);
  const [deploying, setDeploying] = useState(false);
  const [deployed, setDeployed] = useState<{ fileName: string; result: Deployed } | null>(null);
  const editor = useRef<CodeEditorHandle>(null);

  const refresh = useCallback(async (ws: EditorWorkspace) => setFiles(await ws.workspace.list()), []);
  useEffect(() => {
    let cancelled = false;
    openEditorWorkspace(scope).then(
      (ws) => {
        if (cancelled) return;
        setOpened(ws);
        void refresh(ws);
      },
      (error: unknown) => setOpenError(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      cancelled = true;
    };
  }, [refresh, scope]);
  useEffect(() => (opened ? opened.subscribe(() => void refresh(opened)) : undefined), [opened, refresh]);

  // The file shown: the one in the link, else the housing lesson, else the first.
  const current = useMemo(() => {
    if (files.length === 0) return null;
    if (wanted && files.some((f) => f.name === wanted)) return wanted;
    return (files.find((f) => f.name === `${HOUSING_LESSON}.ts`) ?? files[0]!).name;
  }, [files, wanted]);
  useEffect(() => {
    if (current && current !== wanted && (!wanted || files.length > 0)) store.setState({ editorFile: current });
  }, [current, wanted, files, store]);

  const session = useFileSession(opened, current, editor);
  const preview = useDagFilePreview(session.text, current, datasets);
  const jump = useCallback((line: number, column: number) => editor.current?.jumpTo(line, column), []);
  const lesson = current ? lessonNamed(current.replace(/\.ts$/, '')) : undefined;
  const open = (name: string) => store.setState({ editorFile: name });

  async function addFile(name: string, text: string) {
    if (!opened) return;
    const created = await opened.workspace.create(name, text);
    if (!created.ok) return setMessage(created.conflict ? 'That file changed meanwhile.' : created.error);
    await refresh(opened);
    open(created.file.name);
  }

  async function saveAndRun() {
    if (!current || !opened) return;
    const text = editor.current?.text() ?? session.text;
    setDeploying(true);
    setDeployed(null);
    await session.flush();
    const result = await client.execute({ type: 'deployDagFile', fileName: current, text });
    if (result.ok) {
      await opened.workspace.markDeployed(current, text);
      await session.reloadMeta();
      await refresh(opened);
    }
    setDeployed({ fileName: current, result });
    setDeploying(false);
  }

  async function openLesson(name: string) {
    const chosen = lessonNamed(name);
    if (!chosen || !opened) return;
    // A copy in the workspace: an existing copy (maybe edited) is opened as it is, never overwritten.
    if (await opened.workspace.get(chosen.fileName)) return open(chosen.fileName);
    await addFile(chosen.fileName, chosen.text);
  }

  async function deleteCurrent() {
    if (!current || !opened) return;
    await session.flush();
    const outcome = await opened.workspace.delete(current);
    if (!outcome.ok) return setMessage(outcome.error);
    setDeleted({ key: outcome.key, name: current });
    store.setState({ editorFile: null });
    await refresh(opened);
  }

  async function undoDelete() {
    if (!deleted || !opened) return;
    const restored = await opened.workspace.restore(deleted.key);
    setDeleted(null);
    if (!restored.ok) return setMessage(restored.conflict ? 'That file changed meanwhile.' : restored.error);
    await refresh(opened);
    open(restored.file.name);
  }

  async function revertToBuiltIn() {
    if (!opened) return;
    const housing = lessonNamed(HOUSING_LESSON)!;
    const existing = await opened.workspace.get(housing.fileName);
    if (existing) {
      if (current === housing.fileName) session.replace(housing.text);
      else await opened.workspace.saveDraft(housing.fileName, housing.text, { anchor: 0, head: 0 }, existing.revision);
    } else {
      await opened.workspace.create(housing.fileName, housing.text);
    }
    const reset = await client.execute({ type: 'resetDags' });
    setMessage(reset.ok ? `The built-in pipelines run again; ${housing.fileName} is the lesson as shipped.` : reset.errors.join(' '));
    await refresh(opened);
    open(housing.fileName);
  }

  if (openError) {
    return (
      <p className="banner error" role="alert">
        The workspace could not be opened: {openError}
      </p>
    );
  }

  return (
    <section className="editor-page" aria-labelledby="editor-title" data-testid="editor-page">
      <FileSidebar
        files={files}
        current={current}
        onOpen={open}
        onNew={() => void addFile('untitled.ts', NEW_FILE_TEXT)}
        onOpenFromDisk={(file) =>
          void readDroppedFile(file).then((read) => (read.ok ? addFile(file.name, read.text) : setMessage(read.error)))
        }
        onLesson={(name) => void openLesson(name)}
      />
      <div className="editor-main">
        <EditorToolbar
          fileName={current}
          session={session}
          ready={ready}
          deploying={deploying}
          onSaveRun={() => void saveAndRun()}
          onDownload={() => current && downloadBlob(new Blob([editor.current?.text() ?? session.text], { type: 'text/typescript' }), current)}
          onRename={async (to) => {
            if (!current || !opened) return null;
            await session.flush();
            const renamed = await opened.workspace.rename(current, to);
            if (!renamed.ok) return renamed.conflict ? 'That file changed meanwhile.' : renamed.error;
            await refresh(opened);
            open(renamed.file.name);
            return null;
          }}
          onDelete={() => void deleteCurrent()}
          onRevertBuiltIn={() => void revertToBuiltIn()}
        />
        <p id={HINT_ID} className="muted small editor-hint" data-testid="editor-keyboard-hint">
          Tab indents. To leave the editor with the keyboard, press <kbd>Esc</kbd> then <kbd>Tab</kbd>. Ctrl-Space completes the
          authoring API.
        </p>
        {deleted && (
          <p className="editor-undo" role="status" data-testid="editor-deleted">
            Deleted <bdi>{deleted.name}</bdi>.{' '}
            <button type="button" data-testid="editor-undo-delete" onClick={() => void undoDelete()}>
              Undo
            </button>
          </p>
        )}
        {message && (
          <p className="editor-message" role="alert" data-testid="editor-message">
            <bdi>{message}</bdi>{' '}
            <button type="button" aria-label="Dismiss the message" onClick={() => setMessage(null)}>
              ×
            </button>
          </p>
        )}
        {lesson && current && <LessonIntro lesson={lesson} edited={session.text !== lesson.text} onStartOver={() => window.confirm(`Replace your copy of ${current} with the lesson as shipped? Your text is lost (Ctrl-Z in the editor brings it back).`) && session.replace(lesson.text)} />}
        {current && session.file ? (
          <div className="editor-code">
            <CodeEditor
              docKey={session.docKey}
              initialText={session.file.text}
              initialCursor={session.file.cursor}
              diagnostics={preview.result && !preview.pending ? preview.result.diagnostics : []}
              label={`${current}: TypeScript DAG file. Tab indents; Escape then Tab leaves the editor.`}
              onChange={session.onChange}
              handleRef={editor}
            />
          </div>
        ) : (
          <p className="muted hint">{opened ? (files.length === 0 ? 'No files: add one with New file, or open a lesson.' : 'Opening…') : 'Opening the workspace…'}</p>
        )}
      </div>
      <aside className="editor-side" aria-label="What the file declares">
        {deployed && <DeployResult result={deployed.result} fileName={deployed.fileName} onOpenDag={(dagId) => store.setState({ view: 'dag', selectedDagId: dagId as DagId, selectedRunId: null, selectedTaskId: null, dagTab: 'graph' })} />}
        <DiagnosticsList diagnostics={preview.result?.diagnostics ?? null} reading={preview.pending} onJump={jump} />
        <EditorGraph result={preview.result} lastGood={preview.lastGood} onJump={jump} />
      </aside>
    </section>
  );
}
