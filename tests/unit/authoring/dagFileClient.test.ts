import { expose, wrap } from 'comlink';
import { describe, expect, it } from 'vitest';
import { createDagFileClient, type DagFileConnection } from '../../../src/authoring/dagFileClient';
import type { DagFileResult } from '../../../src/authoring/dagFileResult';
import { createDagFileWorkerApi, type DagFileWorkerApi } from '../../../src/authoring/dagFileWorkerApi';

/** The worker API exposed in this thread over a MessageChannel: the same comlink path as the real worker. */
function channelConnection(api: DagFileWorkerApi, terminated: string[]): DagFileConnection {
  const channel = new MessageChannel();
  expose(api, channel.port1);
  return {
    api: wrap<DagFileWorkerApi>(channel.port2),
    terminate: () => {
      terminated.push('terminated');
      channel.port1.close();
      channel.port2.close();
    },
  };
}

const file = (id: string) => `new Dag('${id}').task('t', operators.noop);\n`;

describe('the DAG-file client', () => {
  it('reads a file in the worker and returns its DAGs', async () => {
    const client = createDagFileClient(() => channelConnection(createDagFileWorkerApi(), []));
    await client.warm();
    const outcome = await client.evaluate(file('one'), { fileName: 'one.ts' });
    expect(outcome.stale).toBe(false);
    if (!outcome.stale) {
      expect(outcome.fileName).toBe('one.ts');
      expect(outcome.dags.map((d) => d.id)).toEqual(['one']);
    }
    client.dispose();
  });

  it('drops stale reads: of keystrokes sent while one read runs, only the newest is read and answered', async () => {
    const read: string[] = [];
    const real = createDagFileWorkerApi();
    const api: DagFileWorkerApi = {
      warm: () => real.warm(),
      evaluate: (source, options) => {
        read.push(source);
        return real.evaluate(source, options);
      },
    };
    const client = createDagFileClient(() => channelConnection(api, []));
    const outcomes = await Promise.all(['a', 'ab', 'abc', 'abcd'].map((id) => client.evaluate(file(id))));
    // The first was already running when the others came: it is answered stale; 'ab' and 'abc' were never read.
    expect(outcomes.map((o) => (o.stale ? 'stale' : o.dags[0]!.id))).toEqual(['stale', 'stale', 'stale', 'abcd']);
    expect(read).toEqual([file('a'), file('abcd')]);
    client.dispose();
  });

  it('an aborted read resolves stale, whether it was waiting or already being read', async () => {
    const client = createDagFileClient(() => channelConnection(createDagFileWorkerApi(), []));
    const running = new AbortController();
    const waiting = new AbortController();
    const first = client.evaluate(file('first'), {}, running.signal);
    const second = client.evaluate(file('second'), {}, waiting.signal);
    waiting.abort();
    running.abort();
    expect(await Promise.all([first, second])).toEqual([{ stale: true }, { stale: true }]);
    const third = await client.evaluate(file('third'));
    expect(third.stale ? null : third.dags.map((d) => d.id)).toEqual(['third']);
    client.dispose();
  });

  it('replaces a worker that stops answering, with a diagnostic instead of a hang', async () => {
    const terminated: string[] = [];
    let connections = 0;
    const stuck: DagFileWorkerApi = { warm: async () => undefined, evaluate: () => new Promise<DagFileResult>(() => {}) };
    const client = createDagFileClient(() => (++connections === 1 ? channelConnection(stuck, terminated) : channelConnection(createDagFileWorkerApi(), terminated)));
    const first = await client.evaluate(file('x'), { timeLimitMs: 1 });
    expect(first.stale ? null : first.diagnostics.map((d) => d.message)).toEqual(['The DAG file reader did not answer within 5001 ms; it was restarted.']);
    expect(terminated).toEqual(['terminated']);
    const second = await client.evaluate(file('y'));
    expect(second.stale ? null : second.dags.map((d) => d.id)).toEqual(['y']);
    client.dispose();
  }, 20_000);
});
