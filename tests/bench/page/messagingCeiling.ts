// The messaging ceiling of the orchestration bench (benchParts.messaging_ceiling_per_s): what noop_tasks_per_s could
// at best approach on this machine at this moment.
import { isTryResultMessage, type TaskRequest, type TryMessage } from '../../../src/runtime/workers/protocol';

export interface CeilingSetup {
  readonly poolSize: number;
  readonly createWorker: () => Worker;
  /** A no-op try; a new one (its own database) per repetition. */
  readonly request: () => TaskRequest;
  readonly log: (message: string) => void;
  /** Deletes a repetition's database once its workers are gone. */
  readonly cleanUp: (dbName: string) => Promise<void>;
}

/** The tries of one worker, one after the other: each sent when the previous one's result came back. */
function backToBack(worker: Worker, request: TaskRequest, tries: number, nextSeq: () => number): Promise<void> {
  return new Promise((resolve) => {
    let left = tries;
    let expected = 0;
    const next = () => {
      expected = nextSeq();
      worker.postMessage({ kind: 'pp-try', seq: expected, request } satisfies TryMessage);
    };
    worker.addEventListener('message', function answered(event: MessageEvent) {
      const data: unknown = event.data;
      if (!isTryResultMessage(data) || data.seq !== expected) return;
      if (--left > 0) return next();
      worker.removeEventListener('message', answered);
      resolve();
    });
    next();
  });
}

/**
 * The default pool's number of bench workers, each answering no-op tries back to back as plain try messages (the
 * pool's protocol), with no coordinator, scheduler or storage on the main thread: 10,000 tries per repetition, in
 * tries per second. Compare noop_tasks_per_s with it from the same session, not with figures measured under another
 * load. One unmeasured round of 100 tries per worker first (database, code).
 */
export async function messagingCeiling(setup: CeilingSetup, repetitions: number): Promise<number[]> {
  const values: number[] = [];
  for (let rep = 0; rep < repetitions; rep++) {
    const request = setup.request();
    const workers = Array.from({ length: setup.poolSize }, setup.createWorker);
    let seq = 0;
    const nextSeq = () => ++seq;
    try {
      await Promise.all(workers.map((w) => backToBack(w, request, 100, nextSeq)));
      const perWorker = Math.ceil(10_000 / setup.poolSize);
      const started = performance.now();
      await Promise.all(workers.map((w) => backToBack(w, request, perWorker, nextSeq)));
      const seconds = (performance.now() - started) / 1000;
      const tries = perWorker * setup.poolSize;
      values.push(tries / seconds);
      setup.log(`messaging_ceiling_per_s run ${rep + 1}/${repetitions}: ${tries} no-op tries in ${seconds.toFixed(2)} s on ${setup.poolSize} workers, no coordinator`);
    } finally {
      for (const w of workers) w.terminate();
      await setup.cleanUp(request.dbName);
    }
  }
  return values;
}
