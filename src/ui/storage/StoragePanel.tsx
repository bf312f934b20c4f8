import { useCallback, useEffect, useId, useState } from 'react';
import { listDatasetVersions } from '../../runtime/storage/datasets';
import { applyRetention, collectStagedVersions, storageSummary, type StorageSummary } from '../../runtime/storage/maintenance';
import { useDatabase, usePlayground, usePlaygroundStore } from '../PlaygroundContext';
import {
  DEFAULT_KEEP_VERSIONS,
  formatStorageBytes,
  MAX_KEEP_VERSIONS,
  parseKeepVersions,
  pruneText,
  readKeepVersions,
  RETENTION_KEY,
  usageText,
} from './storageText';
import { groupDigits } from '../../core/groupDigits';

type Estimate = { readonly usage: number; readonly quota: number } | 'unavailable' | null;
type Persisted = boolean | 'unavailable' | null;
type Message = { readonly level: 'info' | 'error'; readonly text: string } | null;

const storageManager = (): StorageManager | undefined => (typeof navigator === 'undefined' ? undefined : navigator.storage);
const localStore = (): Storage | undefined => {
  try {
    return typeof localStorage === 'undefined' ? undefined : localStorage;
  } catch {
    return undefined;
  }
};

/**
 * What the playground keeps in this browser and how much room is left: the origin's usage and quota, whether the
 * browser may evict it, and a clean-up that keeps the newest N versions of each dataset (N saved in localStorage).
 */
export function StoragePanel() {
  const database = useDatabase();
  const store = usePlaygroundStore();
  const ready = usePlayground((s) => s.status === 'ready');
  const versions = usePlayground((s) => s.datasetVersions);
  const [estimate, setEstimate] = useState<Estimate>(null);
  const [persisted, setPersisted] = useState<Persisted>(null);
  const [summary, setSummary] = useState<StorageSummary | null>(null);
  const [keepText, setKeepText] = useState(() => String(readKeepVersions(localStore())));
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<Message>(null);
  const retentionId = useId();
  const hintId = useId();
  const db = ready ? database() : null;
  const keep = parseKeepVersions(keepText);

  const refresh = useCallback(async () => {
    const manager = storageManager();
    if (manager?.estimate) {
      manager.estimate().then(
        ({ usage = 0, quota = 0 }) => setEstimate({ usage, quota }),
        () => setEstimate('unavailable'),
      );
    } else {
      setEstimate('unavailable');
    }
    if (manager?.persisted) {
      manager.persisted().then(setPersisted, () => setPersisted('unavailable'));
    } else {
      setPersisted('unavailable');
    }
    if (db) storageSummary(db).then(setSummary, () => setSummary(null));
  }, [db]);

  // Again whenever versions come and go (a run stored one, a clean-up deleted some).
  useEffect(() => {
    void refresh();
  }, [refresh, versions]);

  const onKeepChange = (text: string) => {
    setKeepText(text);
    const value = parseKeepVersions(text);
    if (value === null) return;
    try {
      localStore()?.setItem(RETENTION_KEY, String(value));
    } catch {
      // Not saved (storage blocked): the value still applies in this page.
    }
  };

  const persist = async () => {
    const manager = storageManager();
    if (!manager?.persist) return;
    try {
      const granted = await manager.persist();
      setPersisted(granted);
      setMessage(
        granted
          ? { level: 'info', text: 'Storage is now persistent: the browser will not clear it to free space.' }
          : {
              level: 'info',
              text: 'The browser did not grant persistent storage (it decides, e.g. by how often you use the site). Bookmarking or installing the site may help.',
            },
      );
    } catch (error) {
      setMessage({ level: 'error', text: `Could not ask for persistent storage: ${error instanceof Error ? error.message : String(error)}` });
    }
  };

  const prune = async () => {
    if (!db || keep === null) return;
    setBusy(true);
    setMessage(null);
    try {
      const collected = await collectStagedVersions(db);
      const result = await applyRetention(db, { keepVersions: keep });
      store.setState({ datasetVersions: await listDatasetVersions(db) });
      setMessage({ level: 'info', text: pruneText(keep, result, collected) });
      await refresh();
    } catch (error) {
      setMessage({ level: 'error', text: `Clean-up failed: ${error instanceof Error ? error.message : String(error)}` });
    } finally {
      setBusy(false);
    }
  };

  const persistSupported = persisted !== 'unavailable' && typeof storageManager()?.persist === 'function';

  return (
    <section className="storage-panel" aria-labelledby="storage-title" data-testid="storage-panel">
      <h3 id="storage-title">Browser storage</h3>

      <div className="storage-usage">
        <p data-testid="storage-usage">
          {estimate === null
            ? 'Measuring…'
            : estimate === 'unavailable'
              ? 'This browser does not report how much storage is used.'
              : usageText(estimate.usage, estimate.quota)}
        </p>
        {estimate !== null && estimate !== 'unavailable' && estimate.quota > 0 && (
          <meter className="storage-meter" min={0} max={estimate.quota} value={estimate.usage} high={estimate.quota * 0.8} aria-label="Share of the storage quota used" />
        )}
        {summary && (
          <p className="small muted" data-testid="storage-summary">
            {groupDigits(summary.versions)} asset versions ({formatStorageBytes(summary.versionBytes)}),{' '}
            {groupDigits(summary.taskOutputs)} intermediate task outputs, {groupDigits(summary.runs)} runs,{' '}
            {groupDigits(summary.models)} models
            {summary.stagedVersions > 0 ? `, ${summary.stagedVersions} unfinished versions` : ''}.
          </p>
        )}
      </div>

      <div className="storage-row">
        <p data-testid="storage-persisted">
          {persisted === null
            ? 'Checking whether storage is persistent…'
            : persisted === 'unavailable'
              ? 'This browser cannot say whether it may clear this data.'
              : persisted
                ? 'Persistent: the browser keeps this data even when space runs low.'
                : 'Not persistent: the browser may clear this data when space runs low.'}
        </p>
        <button type="button" data-testid="storage-persist" disabled={!persistSupported || persisted === true} onClick={() => void persist()}>
          Keep data (ask for persistence)
        </button>
      </div>

      <div className="storage-row">
        <label htmlFor={retentionId}>Versions to keep per asset</label>
        <input
          id={retentionId}
          className="storage-retention"
          type="number"
          inputMode="numeric"
          min={1}
          max={MAX_KEEP_VERSIONS}
          step={1}
          value={keepText}
          aria-invalid={keep === null}
          aria-describedby={hintId}
          data-testid="storage-retention"
          onChange={(e) => onKeepChange(e.currentTarget.value)}
        />
        <button
          type="button"
          data-testid="storage-prune"
          disabled={!db || busy || keep === null}
          aria-describedby={hintId}
          onClick={() => void prune()}
        >
          {busy ? 'Deleting…' : 'Delete old versions now'}
        </button>
      </div>
      <p id={hintId} className="small muted">
        {keep === null
          ? `Enter a whole number from 1 to ${MAX_KEEP_VERSIONS} (default ${DEFAULT_KEEP_VERSIONS}).`
          : ready && !db
            ? 'Another tab runs the playground: clean up from that tab.'
            : `Keeps the newest ${keep} of each asset, and any version a waiting consumer still needs; also deletes the intermediate task outputs of older runs.`}
      </p>
      {message && (
        <p className={message.level === 'error' ? 'storage-message error' : 'storage-message'} role={message.level === 'error' ? 'alert' : 'status'} data-testid="storage-prune-result">
          {message.text}
        </p>
      )}
    </section>
  );
}
