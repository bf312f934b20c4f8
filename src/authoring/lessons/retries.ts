/**
 * @title Retries: a task that fails once, then succeeds
 * @teaches A failed try is retried after retryDelay, up to retries times; each try keeps its own number, log and
 *   error. getContext().tryNumber tells a try which one it is — here the first try fails on purpose, as a flaky
 *   network call would.
 * @expect Trigger lesson_retries: fetch's first try fails ("the service did not answer"), it waits 1 s as
 *   up_for_retry, its second try succeeds, then store runs and the run succeeds.
 * @check {"trigger": ["lesson_retries"], "runs": [{"dagId": "lesson_retries", "count": 1, "state": "success", "tasks": {"fetch": "success", "store": "success"}, "tries": {"fetch": 2, "store": 1}}]}
 */
import { Dag, getContext } from 'apache-airflow-ts-sdk';

const dag = new Dag('lesson_retries', { description: 'A flaky task, retried.' });

const fetchPrices = dag.task(
  'fetch',
  async () => {
    const { tryNumber, log } = getContext();
    if (tryNumber === 1) throw new Error('The service did not answer (try 1). It will be retried.');
    log.info(`Try ${tryNumber}: the service answered.`);
    return { prices: [101.5, 99.25, 100] };
  },
  {
    retries: 2,
    retryDelay: '1s',
    callbacks: { onRetry: { notify: 'warning', message: 'fetch failed ({error}); retrying.' } },
  },
);

const store = dag.task('store', async ({ quote }: { quote: { prices: number[] } }) => {
  getContext().log.info(`Storing ${quote.prices.length} prices.`);
  return quote.prices.length;
});

store({ quote: fetchPrices() });
