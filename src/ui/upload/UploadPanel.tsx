import { proxy } from 'comlink';
import { useRef, useState } from 'react';
import type { RunId } from '../../core/ids';
import { ML_PRODUCER } from '../../pipelines/housing/dags';
import { UPLOADED_CSV } from '../../pipelines/housing/datasets';
import { checkMapping, defaultMapping, type ColumnMapping } from '../../upload/columnMapping';
import { formatFileSize } from '../../pipelines/upload/limits';
import { listDatasetVersions } from '../../runtime/storage/datasets';
import { databaseUploadWriter } from '../../upload/uploadStorage';
import { maxUploadMb } from '../../upload/uploadSettings';
import type { UploadInspection, UploadTarget } from '../../upload/uploadWorkerApi';
import { useDatabase, usePlayground, usePlaygroundClient, usePlaygroundStore, useStorageScope } from '../PlaygroundContext';
import { ColumnMappingForm } from './ColumnMappingForm';
import { CsvPreview } from './CsvPreview';
import { DropZone } from './DropZone';
import { useUploadWorker } from './useUploadWorker';
import './upload.css';
import { MessageText, UserText } from '../UserText';
import { displayText, listText } from '../../core/displayText';
import { groupDigits } from '../../core/groupDigits';

type Phase =
  | { readonly step: 'idle' }
  | { readonly step: 'reading'; readonly fileName: string }
  | { readonly step: 'inspected'; readonly file: File; readonly result: UploadInspection }
  | { readonly step: 'importing'; readonly file: File; readonly result: UploadInspection }
  | {
      readonly step: 'imported';
      readonly fileName: string;
      readonly versionId: string;
      readonly rowCount: number;
      readonly names: readonly string[];
      readonly runId: RunId | null;
      readonly triggerErrors: readonly string[];
    };

/**
 * Bring your own CSV: pick or drop a file; a worker reads and checks it (the page never parses it) and sends back
 * the header, a preview, each column's type and every problem with its row and line. The person maps columns to
 * features and a target; a valid file becomes a new `uploaded_csv` version and ml_producer runs on it (param
 * `source`). An invalid file, or a refused import, leaves everything stored as it was.
 */
export function UploadPanel() {
  const client = usePlaygroundClient();
  const database = useDatabase();
  const scope = useStorageScope();
  const store = usePlaygroundStore();
  const ready = usePlayground((s) => s.status === 'ready');
  const inMemory = usePlayground((s) => s.memoryStorage !== null);
  const worker = useUploadWorker();
  const [phase, setPhase] = useState<Phase>({ step: 'idle' });
  const [mapping, setMapping] = useState<ColumnMapping>({ features: [], target: '' });
  const [importErrors, setImportErrors] = useState<readonly string[]>([]);
  // Results of an older file that arrive after a newer one was chosen are dropped.
  const latest = useRef(0);

  const read = async (file: File) => {
    const ticket = ++latest.current;
    setPhase({ step: 'reading', fileName: file.name });
    setImportErrors([]);
    try {
      const result = await worker.api().inspect(file, file.name, maxUploadMb());
      if (ticket !== latest.current) return;
      worker.release(); // the file's text and bytes (2 × its size) would stay until the worker's next collection
      setMapping(defaultMapping(result.inspection));
      setPhase({ step: 'inspected', file, result });
    } catch (error) {
      if (ticket !== latest.current) return;
      setPhase({ step: 'idle' });
      setImportErrors([`The file could not be read: ${error instanceof Error ? error.message : String(error)}`]);
    }
  };

  const importFile = async (file: File, result: UploadInspection) => {
    const ticket = ++latest.current;
    setPhase({ step: 'importing', file, result });
    setImportErrors([]);
    const db = database();
    // In memory mode the worker cannot open the page's database: it writes through this thread (one comlink proxy).
    const target: UploadTarget = inMemory ? { storage: 'main-thread' } : { storage: 'indexeddb', dbName: scope.dbName };
    try {
      if (inMemory && !db) throw new Error('The playground is still starting.');
      const writer = inMemory && db ? proxy(databaseUploadWriter(db)) : undefined;
      const imported = await worker.api().importCsv(file, mapping, maxUploadMb(), target, writer);
      if (ticket !== latest.current) return;
      worker.release(); // nothing else is asked of it meanwhile (same ticket): its memory goes back at once
      if (!imported.ok) {
        setImportErrors(imported.errors);
        setPhase({ step: 'inspected', file, result });
        return;
      }
      // The version is committed as written (no task, so no dataset event: the scheduler refuses events for a dataset
      // no DAG declares). This tab lists it now; a mirroring tab sees it after the producer's first event.
      if (db) void listDatasetVersions(db).then((versions) => store.setState({ datasetVersions: versions }), () => undefined);
      const triggered = await client.execute({ type: 'trigger', dagId: ML_PRODUCER.id, params: { source: imported.versionId } });
      if (ticket !== latest.current) return;
      setPhase({
        step: 'imported',
        fileName: file.name,
        versionId: imported.versionId,
        rowCount: imported.rowCount,
        names: imported.names,
        runId: triggered.ok ? triggered.runId : null,
        triggerErrors: triggered.ok ? [] : triggered.errors,
      });
    } catch (error) {
      if (ticket !== latest.current) return;
      setImportErrors([error instanceof Error ? error.message : String(error)]);
      setPhase({ step: 'inspected', file, result });
    }
  };

  const busy = phase.step === 'reading' || phase.step === 'importing';
  const inspected = phase.step === 'inspected' || phase.step === 'importing' ? phase : null;
  const fileErrors = inspected?.result.inspection.errors ?? [];
  const mappingErrors = inspected && fileErrors.length === 0 ? checkMapping(inspected.result.inspection, mapping) : [];

  return (
    <section className="upload-panel" aria-labelledby="upload-title" aria-busy={busy} data-testid="upload-panel">
      <h3 id="upload-title">Use your own CSV</h3>
      {/* Hidden while a good file is being mapped: "Choose another file" brings it back. */}
      {!(phase.step === 'importing' || (phase.step === 'inspected' && phase.result.inspection.errors.length === 0)) && (
        <DropZone disabled={!ready || busy} onFile={(file) => void read(file)} />
      )}
      <p className="upload-status muted small" role="status" data-testid="upload-status" data-step={phase.step}>
        {statusText(phase)}
      </p>

      {inspected && (
        <>
          <p className="upload-file">
            <strong>
              <UserText text={inspected.result.fileName} />
            </strong>{' '}
            <span className="muted">
              {formatFileSize(inspected.result.byteSize)}
              {fileErrors.length === 0 && ` · ${groupDigits(inspected.result.inspection.rowCount)} rows × ${inspected.result.inspection.columns.length} columns`}
            </span>{' '}
            <button type="button" data-testid="upload-reset" disabled={phase.step === 'importing'} onClick={() => {
              latest.current++;
              setPhase({ step: 'idle' });
              setImportErrors([]);
            }}>
              Choose another file
            </button>
          </p>
          {inspected.result.inspection.notes.length > 0 && (
            <ul className="upload-notes muted small" data-testid="upload-notes">
              {inspected.result.inspection.notes.map((note) => (
                <li key={note}>
                  <MessageText text={note} />
                </li>
              ))}
            </ul>
          )}
        </>
      )}

      <MessageList testId="upload-errors" title="This file cannot be imported" messages={[...fileErrors, ...importErrors]} />

      {inspected && fileErrors.length === 0 && (
        <>
          <CsvPreview inspection={inspected.result.inspection} />
          <ColumnMappingForm
            inspection={inspected.result.inspection}
            mapping={mapping}
            disabled={phase.step === 'importing'}
            onChange={(next) => {
              setMapping(next);
              setImportErrors([]);
            }}
          />
          <MessageList testId="upload-mapping-errors" title="Fix the mapping or the file first" messages={mappingErrors} />
          <p className="upload-actions">
            <button
              type="button"
              className="primary"
              data-testid="upload-import"
              disabled={!ready || busy || mappingErrors.length > 0}
              onClick={() => void importFile(inspected.file, inspected.result)}
            >
              Import and run {ML_PRODUCER.id}
            </button>
            <span className="muted small">
              Stored as a new version of {UPLOADED_CSV}: {mapping.features.length} feature(s), then the target last.
            </span>
          </p>
        </>
      )}

      {phase.step === 'imported' && (
        <div className="upload-result" data-testid="upload-result" data-version={phase.versionId} role="status">
          <p>
            Imported{' '}
            <strong>
              <UserText text={phase.fileName} />
            </strong>
            : {groupDigits(phase.rowCount)} rows stored as <code>{phase.versionId}</code> ({listText(phase.names)}).
          </p>
          {phase.triggerErrors.length > 0 ? (
            <p className="upload-error">{ML_PRODUCER.id} was not triggered: <MessageText text={phase.triggerErrors.join(' ')} /></p>
          ) : (
            <p>
              {ML_PRODUCER.id} runs on it{phase.runId ? '' : ' (in the tab that schedules)'}.{' '}
              <button
                type="button"
                className="link-button"
                data-testid="upload-open-run"
                onClick={() =>
                  store.setState({ view: 'dag', selectedDagId: ML_PRODUCER.id, selectedRunId: phase.runId, selectedTaskId: null })
                }
              >
                Open the run
              </button>
            </p>
          )}
        </div>
      )}
    </section>
  );
}

function statusText(phase: Phase): string {
  switch (phase.step) {
    case 'idle':
      return `Up to ${maxUploadMb()} MB. The file is read and checked in a worker; nothing is stored until you import it.`;
    case 'reading':
      return `Reading ${displayText(phase.fileName)}…`;
    case 'inspected':
      return phase.result.inspection.errors.length > 0 ? 'The file has problems: nothing was stored.' : 'Map the columns, then import.';
    case 'importing':
      return 'Importing…';
    case 'imported':
      return 'Imported.';
  }
}

function MessageList({ testId, title, messages }: { testId: string; title: string; messages: readonly string[] }) {
  if (messages.length === 0) return null;
  return (
    <div className="upload-messages" role="alert" data-testid={testId}>
      <p className="upload-messages-title">{title}:</p>
      <ul>
        {messages.map((message, i) => (
          <li key={i}>
            <MessageText text={message} />
          </li>
        ))}
      </ul>
    </div>
  );
}
