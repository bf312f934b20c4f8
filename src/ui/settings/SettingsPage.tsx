import { AIRFLOW_LATENCY } from '../../runtime/speed';
import { MAX_SEED, MAX_UPLOAD_MB, maxPoolSize } from '../../runtime/settings/userSettings';
import type { SchedulingSpeed } from '../../runtime/settings/userSettings';
import type { TfBackend } from '../../taskApi/taskSettings';
import { ChoiceSetting } from './ChoiceSetting';
import { FailNextTry } from './FailNextTry';
import { NumberSetting } from './NumberSetting';
import { ResetAllData } from './ResetAllData';
import { useSettings } from './SettingsContext';
import './settings.css';

const BACKENDS: readonly { value: TfBackend; label: string; help: string }[] = [
  { value: 'wasm', label: 'wasm', help: 'WebAssembly with SIMD: the fastest on a CPU (default).' },
  { value: 'cpu', label: 'cpu', help: 'Plain JavaScript: slower, works everywhere.' },
  {
    value: 'webgl',
    label: 'webgl',
    help: 'The GPU, where workers get WebGL; otherwise falls back to wasm and the task log says why. Without a real GPU (software WebGL) many times slower than wasm.',
  },
];

const SPEEDS: readonly { value: SchedulingSpeed; label: string; help: string }[] = [
  { value: 'instant', label: 'Instant', help: 'A finished task hands over to its dependent in milliseconds.' },
  {
    value: 'airflow',
    label: 'Airflow-like',
    help:
      `Adds Airflow 2's latencies: ~${AIRFLOW_LATENCY.taskStartMs / 1000} s from a task's end to its dependent's start ` +
      `(the scheduler loop), ~${AIRFLOW_LATENCY.datasetTriggerMs / 1000} s from an asset event to the consumer's first task. ` +
      'Tries wait as queued meanwhile.',
  },
];

/** Pool size, tfjs backend, seed, speed, failure injection, upload limit and reset: kept in this browser. */
export function SettingsPage() {
  const hardwareConcurrency = useSettings((s) => s.hardwareConcurrency);
  const saves = useSettings((s) => s.saves);
  const saveError = useSettings((s) => s.saveError);
  const maxPool = maxPoolSize(hardwareConcurrency);
  return (
    <section className="settings-page" aria-labelledby="settings-title" data-testid="settings-page">
      <header className="settings-header">
        <h2 id="settings-title">Settings</h2>
        <p className="setting-help" data-testid="settings-apply-note">
          Saved in this browser as you change them. They apply to tries and runs that start afterwards: a running try keeps
          what it started with, and a run keeps its seed and backend from its first task on.
        </p>
        <p className={saveError ? 'error-text' : 'settings-saved'} role="status" data-testid="settings-saved">
          {saveError ?? (saves > 0 ? `✓ Saved (${saves} ${saves === 1 ? 'change' : 'changes'} this visit).` : '')}
        </p>
      </header>
      <div className="settings-grid">
        <section className="settings-section" aria-labelledby="settings-workers">
          <h3 id="settings-workers">Workers</h3>
          <NumberSetting
            name="poolSize"
            label="Worker pool size"
            min={1}
            max={maxPool}
            testId="setting-pool-size"
            help={
              <>
                1 to {maxPool} workers ({hardwareConcurrency ?? 'unknown'} logical cores here). Applied at once: a larger pool
                starts waiting tries now; a smaller one lets running tries finish first.
              </>
            }
          />
        </section>
        <section className="settings-section" aria-labelledby="settings-training">
          <h3 id="settings-training">Training</h3>
          <ChoiceSetting name="backend" legend="tfjs backend" choices={BACKENDS} testIdPrefix="setting-backend" />
          <NumberSetting
            name="seed"
            label="Random seed"
            min={0}
            max={MAX_SEED}
            testId="setting-seed"
            help="The train/test split, the training order and the failure rolls: the same seed and backend give the same model."
          />
        </section>
        <section className="settings-section" aria-labelledby="settings-speed">
          <h3 id="settings-speed">Speed</h3>
          <ChoiceSetting name="speed" legend="Scheduling speed" choices={SPEEDS} testIdPrefix="setting-speed" />
        </section>
        <section className="settings-section" aria-labelledby="settings-failures">
          <h3 id="settings-failures">Failure injection</h3>
          <NumberSetting
            name="failureProbability"
            label="Failure probability per task try"
            min={0}
            max={1}
            step={0.05}
            testId="setting-failure-probability"
            help="0 to 1. Each try fails on purpose with this probability, decided by the seed: the same seed fails the same tries."
          />
          <FailNextTry />
        </section>
        <section className="settings-section" aria-labelledby="settings-uploads">
          <h3 id="settings-uploads">Uploads</h3>
          <NumberSetting
            name="maxUploadMb"
            label="Largest CSV upload (MB)"
            min={1}
            max={MAX_UPLOAD_MB}
            testId="setting-max-upload"
            help={`1 to ${MAX_UPLOAD_MB} MB. A larger file is refused before it is read.`}
          />
        </section>
        <ResetAllData />
      </div>
    </section>
  );
}
