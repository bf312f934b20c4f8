import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { lessonNamed } from '../../authoring/lessons';
import type { SharePayload, SharedSettings } from '../../share/shareLink';
import { CopyLinkButton, type ShareProblem } from '../share/CopyLinkButton';
import { SharedBanner } from '../share/SharedBanner';
import { ShareError } from '../share/ShareError';
import { useSharedLinks } from '../share/useSharedLinks';
import { useSettings, useSettingsContext } from '../settings/SettingsContext';
import { quoted } from '../../core/displayText';
import type { DagId } from '../../core/ids';
import { refused } from '../../runtime/commands/playgroundCommand';
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
import { fileRefText, parseFileRef } from './fileRef';
import { isTrying, lessonTrials, runLessonTrial } from '../lessons/lessonTrials';
import { LessonIntro } from './LessonIntro';
import { oneAfterAnother } from './oneAfterAnother';
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
  const [listed, setListed] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const [deleted, setDeleted] = useState<{ key: string; name: string; scratchId: string | null } | null>(null);
  const [shareProblem, setShareProblem] = useState<ShareProblem | null>(null);
  const [gateAsking, setGateAsking] = useState(false);
  const runButton = useRef<HTMLButtonElement>(null);
  const { settings } = useSettingsContext();
  const effective = useSettings((s) => s.effective);
  const [deploying, setDeploying] = useState(false);
  const [deployed, setDeployed] = useState<{ fileName: string; result: Deployed } | null>(null);
  const editor = useRef<CodeEditorHandle>(null);
  /** Files picked (or made) before the workspace had opened: added once it has (see addFile). */
  const addsWaiting = useRef<{ name: string; text: string }[]>([]);

  // One list read at a time, applied in order: see oneAfterAnother.
  const refresh = useMemo(
    () =>
      oneAfterAnother(async (ws: EditorWorkspace) => {
        setFiles(await ws.workspace.list());
        setListed(true);
      }),
    [],
  );
  const show = useCallback((ref: string) => store.setState({ editorFile: ref }), [store]);
  const applySettings = useCallback((shared: SharedSettings) => settings.overrideForPageLoad(shared), [settings]);
  const shared = useSharedLinks(opened, show, applySettings);
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
  useEffect(() => (opened ? opened.subscribe((change) => change.workspace === opened.workspace.workspace && void refresh(opened)) : undefined), [opened, refresh]);

  // A link to a lesson's own file the workspace has no copy of (the gallery's "Open in the editor"): a copy is made first.
  const wantedRef = wanted ? parseFileRef(wanted) : null;
  const missingLesson =
    wantedRef && wantedRef.scratchId === null && !files.some((f) => f.name === wantedRef.name) ? lessonNamed(wantedRef.name.replace(/\.ts$/, '')) : undefined;
  const copyingLesson = missingLesson?.fileName === wantedRef?.name ? missingLesson : undefined;

  // The file shown: the one in the link (own or shared), else the housing lesson, else the first.
  const current = useMemo(() => {
    if (wanted) {
      const ref = parseFileRef(wanted);
      // A shared file in the address (a reload, a link) waits for the shared groups to be read before falling back.
      if (ref.scratchId !== null && !shared.loaded) return null;
      const pool = ref.scratchId === null ? files : shared.groups.find((g) => g.id === ref.scratchId)?.files;
      if (pool?.some((f) => f.name === ref.name)) return wanted;
    }
    if (files.length === 0 || copyingLesson) return null;
    return (files.find((f) => f.name === `${HOUSING_LESSON}.ts`) ?? files[0]!).name;
  }, [files, wanted, shared.groups, shared.loaded, copyingLesson]);
  // Whether the file of the address the page opened with was resolved yet (later changes are the editor's own moves).
  const opening = useRef(true);
  useEffect(() => {
    if (!current || current === wanted || (wanted && files.length === 0)) {
      if (current) opening.current = false;
      return;
    }
    // A link naming a file this workspace does not have: say so rather than silently show another.
    if (wanted && opening.current) setMessage(`There is no file ${quoted(parseFileRef(wanted).name, { max: 80 })} here (renamed, deleted, or from another browser): showing ${current}.`);
    opening.current = false;
    store.setState({ editorFile: current });
  }, [current, wanted, files, store]);

  const ref = current ? parseFileRef(current) : null;
  const scratchId = ref?.scratchId ?? null;
  // A shared file is read and written in its link's scratch workspace, never in the own one.
  const active = opened && scratchId ? opened.scratch(scratchId) : opened;
  const name = ref?.name ?? null;
  const session = useFileSession(active, name, editor);
  const preview = useDagFilePreview(session.text, name, datasets);
  const jump = useCallback((line: number, column: number) => editor.current?.jumpTo(line, column), []);
  const lesson = name && !scratchId ? lessonNamed(name.replace(/\.ts$/, '')) : undefined;
  const trying = useStore(lessonTrials, (trials) => (lesson ? isTrying(trials[lesson.name]) : false));
  const open = (fileName: string) => store.setState({ editorFile: fileName });
  const group = scratchId ? shared.groups.find((g) => g.id === scratchId) : undefined;
  const gated = scratchId !== null && shared.gated(scratchId);
  useEffect(() => setGateAsking(false), [scratchId]);

  function sharePayload(): SharePayload {
    const text = editor.current?.text() ?? session.text;
    const origin = scratchId ? shared.origins.get(scratchId)?.origin : lesson && text === lesson.text ? `lesson ${lesson.name}` : null;
    return {
      v: 1,
      files: [{ name: name!, text }],
      active: name!,
      settings: { seed: effective.seed, backend: effective.backend, speed: effective.speed },
      ...(origin ? { origin } : {}),
    };
  }

  async function addFile(name: string, text: string) {
    if (!opened) {
      // The sidebar is there before the workspace has opened: a file picked meanwhile is added once it has.
      addsWaiting.current.push({ name, text });
      return;
    }
    const created = await opened.workspace.create(name, text);
    if (!created.ok) return setMessage(created.conflict ? 'That file changed meanwhile.' : created.error);
    await refresh(opened);
    open(created.file.name);
  }

  async function saveAndRun(allowed = false): Promise<Deployed> {
    if (!current || !name || !active || !opened) return { ...refused('No file is open.'), diagnostics: [] };
    // Code from a link runs only when the person says so, once they have read where it runs.
    if (scratchId && gated && !allowed) {
      setGateAsking(true);
      runButton.current?.focus();
      return { ...refused('Code from a share link runs only after "Run this shared pipeline".'), diagnostics: [] };
    }
    if (scratchId) shared.allowRun(scratchId);
    setGateAsking(false);
    const text = editor.current?.text() ?? session.text;
    setDeploying(true);
    setDeployed(null);
    await session.flush();
    // A shared file deploys under its ref (`shared/<id>/<name>`): it never takes the place of an own file's DAGs.
    const result = await client.execute({ type: 'deployDagFile', fileName: current, text });
    if (result.ok) {
      await active.workspace.markDeployed(name, text);
      await session.reloadMeta();
      await (scratchId ? shared.refresh() : refresh(opened));
    }
    setDeployed({ fileName: name, result });
    setDeploying(false);
    return result;
  }

  // The lesson's check on the text in the editor: Save & run, then the lesson's triggers, then the check.
  function tryLesson() {
    if (!lesson || !current) return;
    const text = editor.current?.text() ?? session.text;
    void runLessonTrial(lesson, { client, store, edited: text !== lesson.text, deploy: () => saveAndRun() });
  }

  async function keepSharedCopy() {
    if (!opened || !name) return;
    await session.flush();
    const text = editor.current?.text() ?? session.text;
    const created = await opened.workspace.create(name, text);
    if (!created.ok) return setMessage(created.conflict ? 'That file changed meanwhile.' : created.error);
    await refresh(opened);
    setMessage(null);
    open(created.file.name);
  }

  async function openLesson(name: string) {
    const chosen = lessonNamed(name);
    if (!chosen || !opened) return;
    // A copy in the workspace: an existing copy (maybe edited) is opened as it is, never overwritten.
    if (await opened.workspace.get(chosen.fileName)) return open(chosen.fileName);
    await addFile(chosen.fileName, chosen.text);
  }

  useEffect(() => {
    if (opened) for (const { name, text } of addsWaiting.current.splice(0)) void addFile(name, text);
    // addFile reads only `opened` of this render.
  }, [opened]);

  const copying = useRef<string | null>(null);
  useEffect(() => {
    if (!opened || !listed || !copyingLesson || copying.current === copyingLesson.name) return;
    copying.current = copyingLesson.name;
    void openLesson(copyingLesson.name).finally(() => (copying.current = null));
    // openLesson reads only what these name.
  }, [opened, listed, copyingLesson]);

  async function deleteCurrent() {
    if (!name || !active || !opened) return;
    await session.flush();
    const outcome = await active.workspace.delete(name);
    if (!outcome.ok) return setMessage(outcome.error);
    setDeleted({ key: outcome.key, name, scratchId });
    store.setState({ editorFile: null });
    await (scratchId ? shared.refresh() : refresh(opened));
  }

  async function undoDelete() {
    if (!deleted || !opened) return;
    const from = deleted.scratchId ? opened.scratch(deleted.scratchId) : opened;
    const restored = await from.workspace.restore(deleted.key);
    setDeleted(null);
    if (!restored.ok) return setMessage(restored.conflict ? 'That file changed meanwhile.' : restored.error);
    await (deleted.scratchId ? shared.refresh() : refresh(opened));
    open(fileRefText({ scratchId: deleted.scratchId, name: restored.file.name }));
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

  function downloadCurrent() {
    if (name) downloadBlob(new Blob([editor.current?.text() ?? session.text], { type: 'text/typescript' }), name);
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
        groups={shared.groups}
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
          fileName={name}
          session={session}
          ready={ready}
          deploying={deploying}
          onSaveRun={() => void saveAndRun()}
          onDownload={downloadCurrent}
          share={<CopyLinkButton disabled={!name || !session.file} payload={sharePayload} href={() => window.location.href} onProblem={setShareProblem} />}
          onRename={async (to) => {
            if (!name || !active || !opened) return null;
            await session.flush();
            const renamed = await active.workspace.rename(name, to);
            if (!renamed.ok) return renamed.conflict ? 'That file changed meanwhile.' : renamed.error;
            await (scratchId ? shared.refresh() : refresh(opened));
            open(fileRefText({ scratchId, name: renamed.file.name }));
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
        {(shareProblem ?? shared.openError) && (
          <ShareError
            problem={shareProblem ?? { error: shared.openError ?? '', download: false }}
            fileName={name}
            onDownload={downloadCurrent}
            onDismiss={() => (setShareProblem(null), shared.dismissError())}
          />
        )}
        {scratchId && (
          <SharedBanner
            ref={runButton}
            id={scratchId}
            fileCount={group?.files.length ?? 1}
            origin={shared.origins.get(scratchId)}
            gated={gated}
            asking={gateAsking}
            ready={ready && !deploying}
            onRun={() => void saveAndRun(true)}
            onKeepCopy={() => void keepSharedCopy()}
            onRemove={() => void shared.remove(scratchId).then(() => store.setState({ editorFile: null }))}
          />
        )}
        {lesson && current && <LessonIntro lesson={lesson} edited={session.text !== lesson.text} trying={trying} canTry={ready && !deploying} onTry={tryLesson} onStartOver={() => window.confirm(`Replace your copy of ${current} with the lesson as shipped? Your text is lost (Ctrl-Z in the editor brings it back).`) && session.replace(lesson.text)} />}
        {current && session.file ? (
          <div className="editor-code">
            <CodeEditor
              docKey={session.docKey}
              initialText={session.file.text}
              initialCursor={session.file.cursor}
              diagnostics={preview.result && !preview.pending ? preview.result.diagnostics : []}
              label={`${name}${scratchId ? ' (from a share link)' : ''}: TypeScript DAG file. Tab indents; Escape then Tab leaves the editor.`}
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
