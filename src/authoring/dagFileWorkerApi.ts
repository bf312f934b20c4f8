import type { DagFileResult } from './dagFileResult';
import { createDagFilePool, readDagFile, type ReadDagFileOptions } from './readDagFile';

/** The contract of the DAG-file worker (./dagFile.worker.ts), wrapped with comlink on the page's side. */
export interface DagFileWorkerApi {
  evaluate(source: string, options?: ReadDagFileOptions): Promise<DagFileResult>;
  /** Loads QuickJS and reads a small file once, so the first real read is as fast as the next ones. */
  warm(): Promise<void>;
}

const WARM_UP_FILE = `import { Dag, Asset, operators } from 'apache-airflow-ts-sdk';
const a = new Asset({ name: 'warm_up' });
const dag = new Dag('warm_up', { schedule: null });
const one = dag.task('one', async () => 1, { retries: 1, retryDelay: '1s' });
const two = dag.task('two', operators.noop, { outlets: [a] });
one().before(two);
`;

/** The worker side, independent of `self`: tests expose it over a MessageChannel. */
export function createDagFileWorkerApi(pool = createDagFilePool()): DagFileWorkerApi {
  return {
    evaluate: (source, options) => readDagFile(pool, source, options),
    async warm() {
      await pool.warm();
      await readDagFile(pool, WARM_UP_FILE);
    },
  };
}
