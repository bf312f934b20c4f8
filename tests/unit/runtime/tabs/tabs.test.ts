import { afterEach, describe, expect, it, vi } from 'vitest';
import { runLogLoader } from '../../../../src/app/runLogLoader';
import { storeTabView } from '../../../../src/app/storeTabView';
import { dagId, datasetId, datasetVersionId, runId, taskId } from '../../../../src/core/ids';
import type { LogLine } from '../../../../src/core/logLine';
import type { SchedulerState } from '../../../../src/core/schedulerState';
import { HOUSING_DATASETS } from '../../../../src/pipelines/housing/datasets';
import { HOUSING_DAGS, ML_CONSUMER, ML_PRODUCER } from '../../../../src/pipelines/housing/dags';
import { systemClock } from '../../../../src/runtime/clock';
import { parseCommandResult } from '../../../../src/runtime/commands/commandSchemas';
import { clientOf, DONE, type CommandHandlers, type PlaygroundClient } from '../../../../src/runtime/commands/playgroundCommand';
import { schedulingTabHandlers } from '../../../../src/runtime/commands/schedulingTabHandlers';
import type { SettingsChanger } from '../../../../src/runtime/commands/settingsHandlers';
import { Coordinator } from '../../../../src/runtime/coordinator';
import type { DagImports } from '../../../../src/runtime/dagImports';
import type { TaskRequest, TaskResult } from '../../../../src/runtime/workers/protocol';
import { logsOfRun } from '../../../../src/runtime/storage/logs';
import { electLeader, startTabSession, type LockManagerLike, type SchedulingTab } from '../../../../src/runtime/tabs/session';
import type { TabChannel } from '../../../../src/runtime/tabs/channel';
import { mirrorLeader } from '../../../../src/runtime/tabs/followerLink';
import { serveFollowers } from '../../../../src/runtime/tabs/leaderLink';
import type { MirrorSource } from '../../../../src/runtime/tabs/mirror';
import { parseTabMessage, tabMessage, TAB_PROTOCOL_VERSION } from '../../../../src/runtime/tabs/protocol';
import type { TaskCallbacks, TaskExecutor } from '../../../../src/runtime/workers/workerPool';
import { applyNotice, snapshotOf, type StoreNotice } from '../../../../src/store/applyNotice';
import { connectCoordinator } from '../../../../src/store/connectCoordinator';
import { createPlaygroundStore, type PlaygroundStore } from '../../../../src/store/playgroundStore';
import { mirrorSourceOf } from '../../../../src/app/mirrorSource';
import { openTestDatabase } from '../testDb';

/** These tests do not import DAGs (tests/unit/runtime/dagImports.test.ts does). */
const noImports = {} as DagImports;
const noSettings: SettingsChanger = { update: () => ({ ok: true }), armFailure: () => {}, disarmFailure: () => {} };

const newStore = () => createPlaygroundStore(HOUSING_DAGS, HOUSING_DATASETS);

const line = (seq: number, message = `line ${seq}`): LogLine => ({
  runId: runId('r1'),
  taskId: taskId('extract'),
  tryNumber: 1,
  seq,
  timestamp: 1000 + seq,
  level: 'info',
  message,
});

/** A scheduler state with the shape the protocol checks (the reducer only stores it). */
function fakeState(marker: number): SchedulerState {
  return {
    dags: {},
    pools: { default_pool: 2 },
    parallelism: 2,
    runs: {},
    activeRunIds: [],
    paused: { [`dag${marker}`]: true },
    datasetQueues: {},
    waiting: [],
    waitingHead: 0,
    timers: [],
    usage: { total: 0, pools: {}, dags: {} },
    nextEventId: 1,
    nextRunSeq: marker,
  } as unknown as SchedulerState;
}

const emptySnapshot = () => snapshotOf(newStore().getState());

const withoutKey = (value: object, key: string) => Object.fromEntries(Object.entries(value).filter(([k]) => k !== key));

describe('tab message protocol', () => {
  const from = 'tab-a';
  const valid = [
    tabMessage(from, { type: 'hello' }),
    tabMessage(from, { type: 'snapshot', to: null, snapshot: emptySnapshot() }),
    tabMessage(from, { type: 'snapshot', to: 'tab-b', snapshot: { ...emptySnapshot(), scheduler: fakeState(1), logs: { k: [line(0)] } } }),
    tabMessage(from, { type: 'notice', notice: { type: 'state', state: fakeState(2) } }),
    tabMessage(from, { type: 'notice', notice: { type: 'logs', lines: [line(0), line(1)] } }),
    tabMessage(from, { type: 'notice', notice: { type: 'storage_error', message: 'quota' } }),
    tabMessage(from, {
      type: 'notice',
      notice: { type: 'notification', notification: { id: 3, timestamp: 5, level: 'warning', title: 't', message: 'm', source: 'callback' } },
    }),
    tabMessage(from, { type: 'request', id: 1, command: { type: 'trigger', dagId: dagId('ml_producer'), params: { corrupt_rows: 3, tags: ['a', { b: null }] } } }),
    tabMessage(from, { type: 'request', id: 2, command: { type: 'setPaused', dagId: dagId('ml_consumer'), paused: true } }),
    tabMessage(from, { type: 'request', id: 3, command: { type: 'clearTask', runId: runId('r'), taskId: taskId('t'), downstream: false } }),
    tabMessage(from, { type: 'request', id: 4, command: { type: 'markTask', runId: runId('r'), taskId: taskId('t'), state: 'failed' } }),
    tabMessage(from, { type: 'request', id: 5, command: { type: 'markRun', runId: runId('r'), state: 'success' } }),
    tabMessage(from, { type: 'request', id: 6, command: { type: 'createDatasetEvent', datasetId: datasetId('built_features') } }),
    tabMessage(from, { type: 'request', id: 7, command: { type: 'readRunLogs', runId: runId('r') } }),
    tabMessage(from, { type: 'request', id: 8, command: { type: 'importDags', text: '{"version": 1}' } }),
    tabMessage(from, { type: 'request', id: 9, command: { type: 'resetDags' } }),
    tabMessage(from, { type: 'request', id: 10, command: { type: 'resetAllData' } }),
    tabMessage(from, { type: 'reload' }),
    tabMessage(from, { type: 'response', to: 'tab-b', id: 1, result: { ok: true } }),
    tabMessage(from, { type: 'response', to: 'tab-b', id: 1, result: { ok: false, errors: ['nope'] } }),
  ];

  it.each(valid.map((m, i) => [i, m.type, m] as const))('accepts well-formed message #%i (%s)', (_i, _type, message) => {
    // What crosses the channel is a structured clone: parse that, not the original object.
    expect(parseTabMessage(structuredClone(message))).toEqual(message);
  });

  const request = (command: unknown) => ({ ...tabMessage(from, { type: 'hello' }), type: 'request', id: 1, command });
  const notice = (n: unknown) => ({ ...tabMessage(from, { type: 'hello' }), type: 'notice', notice: n });
  const invalid: [string, unknown][] = [
    ['null', null],
    ['a string', 'hello'],
    ['an array', [tabMessage(from, { type: 'hello' })]],
    ['another app', { ...tabMessage(from, { type: 'hello' }), app: 'other-app' }],
    ['another protocol version', { ...tabMessage(from, { type: 'hello' }), v: TAB_PROTOCOL_VERSION + 1 }],
    ['no sender', { ...tabMessage(from, { type: 'hello' }), from: '' }],
    ['an unknown type', { ...tabMessage(from, { type: 'hello' }), type: 'goodbye' }],
    ['an unknown action', request({ type: 'deleteEverything' })],
    ['a trigger without a DAG', request({ type: 'trigger', dagId: '', params: {} })],
    ['trigger params that are not JSON', request({ type: 'trigger', dagId: 'd', params: { n: Number.NaN } })],
    ['trigger params that are an array', request({ type: 'trigger', dagId: 'd', params: [1] })],
    ['setPaused with a string', request({ type: 'setPaused', dagId: 'd', paused: 'yes' })],
    ['markTask to a state one cannot mark', request({ type: 'markTask', runId: 'r', taskId: 't', state: 'running' })],
    ['clearTask without downstream', request({ type: 'clearTask', runId: 'r', taskId: 't' })],
    ['a fractional request id', { ...request({ type: 'readRunLogs', runId: 'r' }), id: 1.5 }],
    ['a negative request id', { ...request({ type: 'readRunLogs', runId: 'r' }), id: -1 }],
    ['a log line without seq', notice({ type: 'logs', lines: [{ ...line(0), seq: undefined }] })],
    ['a log line of an unknown level', notice({ type: 'logs', lines: [{ ...line(0), level: 'fatal' }] })],
    ['a state without runs', notice({ type: 'state', state: { ...fakeState(1), runs: null } })],
    ['a notification without a title', notice({ type: 'notification', notification: { id: 1, timestamp: 1, level: 'info', message: 'm', source: 'system' } })],
    ['an unknown notice', notice({ type: 'reboot' })],
    ['a snapshot whose logs are not lists', { ...tabMessage(from, { type: 'snapshot', to: null, snapshot: emptySnapshot() }), snapshot: { ...emptySnapshot(), logs: { k: 'x' } } }],
    ['a snapshot without notifications', { ...tabMessage(from, { type: 'snapshot', to: null, snapshot: emptySnapshot() }), snapshot: { ...emptySnapshot(), notifications: undefined } }],
    ['a response to nobody', { ...tabMessage(from, { type: 'response', to: 'b', id: 1, result: { ok: true } }), to: '' }],
    ['a response without a result', withoutKey(tabMessage(from, { type: 'response', to: 'b', id: 1, result: { ok: true } }), 'result')],
    ['an import without its text', request({ type: 'importDags' })],
  ];

  it.each(invalid)('ignores %s', (_what, data) => {
    expect(parseTabMessage(data)).toBeNull();
  });

  it('checks answers against what the command answers', () => {
    expect(parseCommandResult('trigger', { ok: true, runId: 'r1' })).toEqual({ ok: true, runId: 'r1' });
    expect(parseCommandResult('trigger', { ok: false, errors: ['bad'] })).toEqual({ ok: false, errors: ['bad'] });
    expect(parseCommandResult('trigger', { ok: true })).toBeUndefined();
    expect(parseCommandResult('trigger', null)).toBeUndefined();
    expect(parseCommandResult('readRunLogs', { ok: true, lines: [line(0)] })).toEqual({ ok: true, lines: [line(0)] });
    expect(parseCommandResult('readRunLogs', { ok: true, lines: [{ seq: 1 }] })).toBeUndefined();
    expect(parseCommandResult('setPaused', { ok: true })).toEqual({ ok: true });
    expect(parseCommandResult('setPaused', null)).toBeUndefined();
    expect(parseCommandResult('setPaused', { ok: false })).toBeUndefined();
    expect(parseCommandResult('importDags', { ok: true, summary: { added: ['x'], replaced: [], removed: [] }, datasets: [] })).toEqual({
      ok: true,
      summary: { added: ['x'], replaced: [], removed: [] },
      datasets: [],
    });
    expect(parseCommandResult('importDags', { ok: true, summary: { added: 'x' }, datasets: [] })).toBeUndefined();
  });
});

describe('applyNotice', () => {
  it('numbers notifications itself, so a new coordinator after a takeover cannot repeat an id', () => {
    const store = newStore();
    const note = { id: 1, timestamp: 1, level: 'info', title: 't', message: 'm', source: 'system' } as const;
    applyNotice(store, { type: 'notification', notification: note });
    applyNotice(store, { type: 'notification', notification: note });
    expect(store.getState().notifications.map((n) => n.id)).toEqual([1, 2]);
    expect(store.getState().toasts.map((n) => n.id)).toEqual([1, 2]);
  });
});

// ---- forwarding over real BroadcastChannels (Node has them) ---------------------------------------------------------

let channelSeq = 0;
const openChannels: BroadcastChannel[] = [];
afterEach(() => {
  for (const channel of openChannels.splice(0)) channel.close();
  vi.restoreAllMocks();
});

/** Two or more ends of one channel, as two tabs of one origin would have. */
function channels(count: number, name = `tabs-test-${process.pid}-${++channelSeq}`): BroadcastChannel[] {
  const made = Array.from({ length: count }, () => new BroadcastChannel(name));
  openChannels.push(...made);
  return made;
}

/** Records what crosses a channel, parsed. */
function tap(channel: TabChannel) {
  const seen: unknown[] = [];
  channel.addEventListener('message', (event) => seen.push(event.data));
  return seen;
}

class FakeSource implements MirrorSource {
  readonly listeners = new Set<(notice: StoreNotice) => void>();
  constructor(private readonly store: PlaygroundStore) {}
  snapshot() {
    return snapshotOf(this.store.getState());
  }
  subscribe(listener: (notice: StoreNotice) => void) {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
  emit(notice: StoreNotice) {
    applyNotice(this.store, notice);
    for (const listener of this.listeners) listener(notice);
  }
}

/** A scheduling tab's client that records each command it carries out. */
function fakeClient(overrides: Partial<CommandHandlers> = {}): PlaygroundClient & { calls: string[] } {
  const calls: string[] = [];
  const handlers: CommandHandlers = {
    trigger: ({ dagId: dag, params }) => {
      calls.push(`trigger ${dag} ${JSON.stringify(params)}`);
      return { ok: true, runId: runId(`manual__${dag}`) };
    },
    setPaused: ({ dagId: dag, paused }) => (calls.push(`setPaused ${dag} ${paused}`), DONE),
    clearTask: ({ runId: run, taskId: task, downstream }) => (calls.push(`clearTask ${run} ${task} ${downstream}`), DONE),
    markTask: ({ runId: run, taskId: task, state }) => (calls.push(`markTask ${run} ${task} ${state}`), DONE),
    markRun: ({ runId: run, state }) => (calls.push(`markRun ${run} ${state}`), DONE),
    createDatasetEvent: async ({ datasetId: dataset }) => (calls.push(`createDatasetEvent ${dataset}`), DONE),
    importDags: async ({ text }) => (calls.push(`importDags ${text}`), { ok: true, summary: { added: ['x'], replaced: [], removed: [] }, datasets: [] }),
    resetDags: async () => (calls.push('resetDags'), { ok: true, summary: { added: [], replaced: [], removed: ['x'] }, datasets: [] }),
    resetAllData: async () => (calls.push('resetAllData'), DONE),
    readRunLogs: async ({ runId: run }) => ({ ok: true, lines: [{ ...line(7), runId: run }] }),
    changeSettings: ({ changes }) => (calls.push(`changeSettings ${JSON.stringify(changes)}`), DONE),
    setFailNextTry: ({ dagId: dag, taskId: task, armed }) => (calls.push(`setFailNextTry ${dag} ${task} ${armed}`), DONE),
    ...overrides,
  };
  return { calls, ...clientOf(handlers) };
}

describe('mirroring and forwarding between tabs', () => {
  it('a new follower gets a snapshot, then live notices through the same reducer', async () => {
    const [leaderEnd, followerEnd] = channels(2);
    const leaderStore = newStore();
    const source = new FakeSource(leaderStore);
    source.emit({ type: 'state', state: fakeState(1) });
    source.emit({ type: 'logs', lines: [line(0)] });
    const stop = serveFollowers({ channel: leaderEnd!, tabId: 'leader', source, client: fakeClient() });

    const followerStore = newStore();
    const link = mirrorLeader({ channel: followerEnd!, tabId: 'follower', target: storeTabView(followerStore) });
    await link.synced;
    expect(followerStore.getState().scheduler?.nextRunSeq).toBe(1);
    expect(Object.values(followerStore.getState().logs).flat()).toEqual([line(0)]);

    source.emit({ type: 'logs', lines: [line(1)] });
    source.emit({ type: 'notification', notification: { id: 9, timestamp: 1, level: 'success', title: 'done', message: 'ok', source: 'system' } });
    await vi.waitFor(() => expect(followerStore.getState().notifications).toHaveLength(1));
    expect(Object.values(followerStore.getState().logs).flat().map((l) => l.seq)).toEqual([0, 1]);
    expect(followerStore.getState().toasts.map((t) => t.title)).toEqual(['done']);
    link.stop();
    stop();
  });

  it('sends scheduler states at most once per interval, and always the newest', async () => {
    const [leaderEnd, followerEnd, spyEnd] = channels(3);
    const source = new FakeSource(newStore());
    serveFollowers({ channel: leaderEnd!, tabId: 'leader', source, client: fakeClient(), stateIntervalMs: 40 });
    const followerStore = newStore();
    const link = mirrorLeader({ channel: followerEnd!, tabId: 'follower', target: storeTabView(followerStore) });
    await link.synced;
    const seen = tap(spyEnd!);

    for (let i = 1; i <= 200; i++) source.emit({ type: 'state', state: fakeState(i) });
    await vi.waitFor(() => expect(followerStore.getState().scheduler?.nextRunSeq).toBe(200));
    const states = seen.map(parseTabMessage).filter((m) => m?.type === 'notice' && m.notice.type === 'state');
    expect(states.length).toBeGreaterThanOrEqual(1);
    expect(states.length).toBeLessThan(5);
  });

  it('a state waiting for its turn goes out before a notice that may name its runs', async () => {
    const [leaderEnd, spyEnd] = channels(2);
    const source = new FakeSource(newStore());
    serveFollowers({ channel: leaderEnd!, tabId: 'leader', source, client: fakeClient(), stateIntervalMs: 10_000 });
    const seen = tap(spyEnd!);
    spyEnd!.postMessage(tabMessage('spy', { type: 'hello' }));
    await vi.waitFor(() => expect(seen.map(parseTabMessage).filter((m) => m?.type === 'snapshot' && m.to === 'spy')).toHaveLength(1));
    const kinds = () =>
      seen.flatMap((d) => {
        const m = parseTabMessage(d);
        return m?.type === 'notice' ? [`${m.notice.type}${m.notice.type === 'state' ? m.notice.state.nextRunSeq : ''}`] : [];
      });
    source.emit({ type: 'state', state: fakeState(1) }); // goes out at once: nothing was sent for 10 s
    await vi.waitFor(() => expect(kinds()).toEqual(['state1']));
    source.emit({ type: 'state', state: fakeState(2) }); // waits 10 s...
    source.emit({ type: 'notification', notification: { id: 1, timestamp: 1, level: 'info', title: 't', message: 'm', source: 'system' } });
    await vi.waitFor(() => expect(kinds()).toHaveLength(3));
    expect(kinds()).toEqual(['state1', 'state2', 'notification']);
  });

  it('posts nothing while no tab listens, and stops when the last one says bye', async () => {
    const [leaderEnd, followerEnd, spyEnd] = channels(3);
    const source = new FakeSource(newStore());
    serveFollowers({ channel: leaderEnd!, tabId: 'leader', source, client: fakeClient(), stateIntervalMs: 1 });
    const seen = tap(spyEnd!);
    const notices = () => seen.map(parseTabMessage).filter((m) => m?.type === 'notice').length;
    source.emit({ type: 'logs', lines: [line(0)] });
    source.emit({ type: 'state', state: fakeState(1) });

    const followerStore = newStore();
    const link = mirrorLeader({ channel: followerEnd!, tabId: 'follower', target: storeTabView(followerStore) });
    // The snapshot brought what was missed; from now on notices flow.
    await vi.waitFor(() => expect(followerStore.getState().scheduler?.nextRunSeq).toBe(1));
    expect(notices()).toBe(0);
    source.emit({ type: 'logs', lines: [line(1)] });
    await vi.waitFor(() => expect(notices()).toBe(1));

    link.stop();
    await vi.waitFor(() => expect(seen.map(parseTabMessage).some((m) => m?.type === 'bye')).toBe(true));
    // The leader got the bye before this echo of ours comes back through the channel.
    const echo = new Promise<void>((resolve) => leaderEnd!.addEventListener('message', () => resolve(), { once: true }));
    spyEnd!.postMessage('ping');
    await echo;
    source.emit({ type: 'logs', lines: [line(2)] });
    source.emit({ type: 'state', state: fakeState(2) });
    spyEnd!.postMessage(tabMessage('spy', { type: 'hello' }));
    await vi.waitFor(() => expect(seen.map(parseTabMessage).filter((m) => m?.type === 'snapshot' && m.to === 'spy')).toHaveLength(1));
    expect(notices()).toBe(1);
  });

  it('a tab that mirrored before the scheduling tab was up says hello to its announcement', async () => {
    const [leaderEnd, followerEnd] = channels(2);
    const followerStore = newStore();
    const link = mirrorLeader({ channel: followerEnd!, tabId: 'follower', target: storeTabView(followerStore) });
    const leaderStore = newStore();
    const source = new FakeSource(leaderStore);
    source.emit({ type: 'state', state: fakeState(3) });
    // The follower's first hello went out before anyone listened: the announcement reaches it all the same...
    await new Promise((resolve) => setTimeout(resolve, 0));
    serveFollowers({ channel: leaderEnd!, tabId: 'leader', source, client: fakeClient() });
    await link.synced;
    expect(followerStore.getState().scheduler?.nextRunSeq).toBe(3);
    // ...and its hello in return makes the leader pass notices on.
    source.emit({ type: 'state', state: fakeState(4) });
    await vi.waitFor(() => expect(followerStore.getState().scheduler?.nextRunSeq).toBe(4));
  });

  it('forwards each command and answers with its result', async () => {
    const [leaderEnd, followerEnd] = channels(2);
    const client = fakeClient();
    serveFollowers({ channel: leaderEnd!, tabId: 'leader', source: new FakeSource(newStore()), client });
    const link = mirrorLeader({ channel: followerEnd!, tabId: 'follower', target: storeTabView(newStore()) });
    await link.synced;

    await expect(link.execute({ type: 'trigger', dagId: ML_PRODUCER.id, params: { corrupt_rows: 2 } })).resolves.toEqual({
      ok: true,
      runId: 'manual__ml_producer',
    });
    await expect(link.execute({ type: 'setPaused', dagId: ML_CONSUMER.id, paused: true })).resolves.toEqual({ ok: true });
    await link.execute({ type: 'clearTask', runId: runId('r1'), taskId: taskId('train'), downstream: true });
    await link.execute({ type: 'markTask', runId: runId('r1'), taskId: taskId('train'), state: 'success' });
    await link.execute({ type: 'markRun', runId: runId('r1'), state: 'failed' });
    await link.execute({ type: 'createDatasetEvent', datasetId: datasetId('built_features') });
    await expect(link.execute({ type: 'importDags', text: '{}' })).resolves.toMatchObject({ ok: true, summary: { added: ['x'] } });
    await expect(link.execute({ type: 'resetDags' })).resolves.toMatchObject({ ok: true, summary: { removed: ['x'] } });
    await expect(link.execute({ type: 'resetAllData' })).resolves.toEqual({ ok: true });
    await expect(link.execute({ type: 'readRunLogs', runId: runId('r9') })).resolves.toEqual({ ok: true, lines: [{ ...line(7), runId: 'r9' }] });
    expect(client.calls).toEqual([
      'trigger ml_producer {"corrupt_rows":2}',
      'setPaused ml_consumer true',
      'clearTask r1 train true',
      'markTask r1 train success',
      'markRun r1 failed',
      'createDatasetEvent built_features',
      'importDags {}',
      'resetDags',
      'resetAllData',
    ]);
  });

  it("passes the scheduling tab's refusal on as a result", async () => {
    const [leaderEnd, followerEnd] = channels(2);
    const client = fakeClient({
      createDatasetEvent: async () => {
        throw new Error('The database is gone.');
      },
    });
    serveFollowers({ channel: leaderEnd!, tabId: 'leader', source: new FakeSource(newStore()), client });
    const link = mirrorLeader({ channel: followerEnd!, tabId: 'follower', target: storeTabView(newStore()) });
    await expect(link.execute({ type: 'createDatasetEvent', datasetId: datasetId('built_features') })).resolves.toEqual({
      ok: false,
      errors: ['The database is gone.'],
    });
  });

  it('refuses a command nobody answers with a timeout message', async () => {
    const [followerEnd] = channels(1);
    const link = mirrorLeader({ channel: followerEnd!, tabId: 'follower', target: storeTabView(newStore()), timeoutMs: 30 });
    const result = await link.execute({ type: 'setPaused', dagId: ML_PRODUCER.id, paused: true });
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.errors).toEqual([expect.stringMatching(/^The scheduling tab did not answer within 0 s \(setPaused\)\.$/)]);
  });

  it('ignores malformed messages and answers meant for another tab', async () => {
    const [followerEnd, otherEnd] = channels(2);
    const store = newStore();
    const link = mirrorLeader({ channel: followerEnd!, tabId: 'follower', target: storeTabView(store), timeoutMs: 2_000 });
    // Wait for the follower's hello: its request ids start at 1.
    const hello = new Promise<void>((resolve) => otherEnd!.addEventListener('message', () => resolve(), { once: true }));
    await hello;
    const answer = link.execute({ type: 'trigger', dagId: ML_PRODUCER.id, params: {} });
    const before = store.getState();
    otherEnd!.postMessage({ type: 'notice', notice: { type: 'state', state: fakeState(5) } }); // no envelope
    otherEnd!.postMessage(tabMessage('x', { type: 'notice', notice: { type: 'logs', lines: [{ ...line(0), seq: -1 }] } }));
    otherEnd!.postMessage(tabMessage('x', { type: 'response', to: 'someone-else', id: 1, result: { ok: true, runId: 'wrong' } }));
    otherEnd!.postMessage(tabMessage('x', { type: 'response', to: 'follower', id: 1, result: { ok: true, runId: 'right' } }));
    await expect(answer).resolves.toEqual({ ok: true, runId: 'right' });
    expect(store.getState().scheduler).toBe(before.scheduler);
    expect(store.getState().logs).toBe(before.logs);
  });

  it('refuses an answer that does not fit the command, and what is still waiting when it stops', async () => {
    const [followerEnd, otherEnd] = channels(2);
    const link = mirrorLeader({ channel: followerEnd!, tabId: 'follower', target: storeTabView(newStore()), timeoutMs: 5_000 });
    await new Promise<void>((resolve) => otherEnd!.addEventListener('message', () => resolve(), { once: true }));
    const trigger = link.execute({ type: 'trigger', dagId: ML_PRODUCER.id, params: {} });
    const paused = link.execute({ type: 'setPaused', dagId: ML_PRODUCER.id, paused: false });
    otherEnd!.postMessage(tabMessage('x', { type: 'response', to: 'follower', id: 1, result: 'yes' }));
    await expect(trigger).resolves.toEqual({ ok: false, errors: ["The scheduling tab's answer to trigger was not understood."] });
    link.stop();
    await expect(paused).resolves.toEqual({ ok: false, errors: ['The scheduling tab did not answer: it closed.'] });
    await expect(link.execute({ type: 'readRunLogs', runId: runId('r') })).resolves.toEqual({
      ok: false,
      errors: ['The scheduling tab did not answer: this tab no longer mirrors it.'],
    });
  });

  it('the scheduling tab checks trigger params once, where the run is created, and refuses at once', async () => {
    const opened = await openTestDatabase();
    const coordinator = await housingCoordinator(opened);
    coordinator.setPaused(ML_CONSUMER.id, true);
    const client = clientOf(
      schedulingTabHandlers({ coordinator, dagImports: noImports, settings: noSettings, runLogs: async () => [], resetAllData: async () => DONE, catalogChanged: () => {} }),
    );
    const refused = await client.execute({ type: 'trigger', dagId: ML_PRODUCER.id, params: { corrupt_rows: -1 } });
    expect(refused.ok).toBe(false);
    await expect(client.execute({ type: 'trigger', dagId: dagId('nope'), params: {} })).resolves.toEqual({ ok: false, errors: ['Unknown DAG "nope".'] });
    expect(Object.keys(coordinator.snapshot.runs)).toEqual([]);
    const created = await client.execute({ type: 'trigger', dagId: ML_PRODUCER.id, params: {} });
    expect(created.ok && coordinator.snapshot.runs[created.runId]?.dagId).toBe('ml_producer');
    await coordinator.flush();
    await opened.close();
  });
});

// ---- leadership ---------------------------------------------------------------------------------------------------

/** One exclusive lock shared by fake tabs, granted in request order, released when its tab closes. */
class FakeLocks {
  private holder: string | null = null;
  private queue: { tab: string; grant: () => void }[] = [];

  client(tab: string): LockManagerLike {
    return {
      request: (_name, options, callback) => {
        if (this.holder === null) {
          this.holder = tab;
          return Promise.resolve().then(() => callback({ name: _name, mode: 'exclusive' }));
        }
        if (options.ifAvailable) return Promise.resolve().then(() => callback(null));
        return new Promise((resolve) => {
          this.queue.push({
            tab,
            grant: () => {
              this.holder = tab;
              resolve(callback({ name: _name, mode: 'exclusive' }));
            },
          });
        });
      },
    };
  }

  get heldBy(): string | null {
    return this.holder;
  }

  /** What the browser does when a tab closes: its requests go, and its lock passes to the next in line. */
  close(tab: string): void {
    this.queue = this.queue.filter((q) => q.tab !== tab);
    if (this.holder !== tab) return;
    this.holder = null;
    this.queue.shift()?.grant();
  }
}

describe('electLeader', () => {
  it('makes the first tab the leader and the others followers, promoting the next when the leader closes', async () => {
    const locks = new FakeLocks();
    const roles: string[] = [];
    const tab = (name: string) =>
      electLeader(locks.client(name), 'lock', { onFollower: () => roles.push(`${name}:follower`), onLeader: () => roles.push(`${name}:leader`) });
    tab('a');
    await vi.waitFor(() => expect(roles).toEqual(['a:leader']));
    tab('b');
    tab('c');
    await vi.waitFor(() => expect(roles).toEqual(['a:leader', 'b:follower', 'c:follower']));
    locks.close('a');
    await vi.waitFor(() => expect(roles).toContain('b:leader'));
    expect(locks.heldBy).toBe('b');
    locks.close('c');
    locks.close('b');
    expect(locks.heldBy).toBeNull();
    expect(roles).toEqual(['a:leader', 'b:follower', 'c:follower', 'b:leader']);
  });
});

/** A coordinator of the housing DAGs over a test database, whose tries succeed at once. */
const housingCoordinator = (opened: { db: Parameters<typeof Coordinator.start>[0]['db']; name: string }) =>
  Coordinator.start({
    dags: HOUSING_DAGS,
    db: opened.db,
    dbName: opened.name,
    executor: new InstantExecutor(),
    clock: systemClock,
    settings: { backend: 'cpu', seed: 1, baseUrl: 'http://localhost/' },
  });

/** Runs every try at once, with the housing pipeline's outputs (built_features triggers the consumer). */
class InstantExecutor implements TaskExecutor {
  readonly size = 2;
  run(request: TaskRequest, callbacks: TaskCallbacks): Promise<TaskResult> {
    return new Promise((resolve) =>
      queueMicrotask(() => {
        callbacks.onStarted();
        callbacks.onLog('info', `running ${request.taskId}`);
        const outputs =
          request.taskId === 'featurize'
            ? [{ datasetId: datasetId('built_features'), versionId: datasetVersionId(`bf@${request.runId}`), extra: { rowCount: 3 } }]
            : [];
        const returnValue = request.taskId === 'check_data' ? 'featurize' : request.taskId === 'train' ? { modelId: 'm', testR2: 0.5 } : undefined;
        queueMicrotask(() => resolve({ type: 'success', outputs, ...(returnValue === undefined ? {} : { returnValue }) }));
      }),
    );
  }
  stop(): void {}
  terminate(): void {}
}

describe('startTabSession', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });

  it('one tab schedules, another mirrors it and forwards a trigger; when the first closes, the second takes over', async () => {
    const opened = await openTestDatabase();
    cleanups.push(opened.close);
    const locks = new FakeLocks();
    const name = `tabs-session-${process.pid}-${++channelSeq}`;
    const boots: string[] = [];

    const openTab = (tab: string) => {
      const store = newStore();
      const channel = channels(1, name)[0]!;
      const coordinators: Coordinator[] = [];
      const session = startTabSession({
        view: storeTabView(store),
        tabId: tab,
        locks: locks.client(tab),
        openChannel: () => channel,
        stateIntervalMs: 5,
        requestTimeoutMs: 5_000,
        async boot(): Promise<SchedulingTab> {
          boots.push(tab);
          const coordinator = await housingCoordinator(opened);
          coordinators.push(coordinator);
          connectCoordinator(store, coordinator, opened.db);
          const handlers = schedulingTabHandlers({
            coordinator,
            dagImports: noImports,
            settings: noSettings,
            runLogs: (id) => logsOfRun(opened.db, id),
            resetAllData: async () => DONE,
            catalogChanged: () => {},
          });
          return { client: clientOf(handlers), mirror: mirrorSourceOf(store, coordinator) };
        },
      });
      return { store, session, channel, coordinators };
    };
    const lastRunState = (store: PlaygroundStore, dag: string) =>
      Object.values(store.getState().scheduler?.runs ?? {})
        .filter((r) => r.dagId === dag)
        .sort((x, y) => y.seq - x.seq)[0]?.state;

    const a = openTab('a');
    await a.session.ready;
    expect(a.store.getState()).toMatchObject({ tabRole: 'leader', status: 'ready' });
    const b = openTab('b');
    await b.session.ready;
    expect(b.store.getState()).toMatchObject({ tabRole: 'follower', status: 'ready' });
    expect(b.session.mirroring).toBe(true);
    expect(boots).toEqual(['a']);

    const triggered = await b.session.client.execute({ type: 'trigger', dagId: ML_PRODUCER.id, params: {} });
    expect(triggered.ok).toBe(true);
    for (const tab of [a, b]) {
      await vi.waitFor(() => {
        expect(lastRunState(tab.store, 'ml_producer')).toBe('success');
        expect(lastRunState(tab.store, 'ml_consumer')).toBe('success');
      });
    }
    // The follower saw the same dataset event, the new version's metadata comes from the scheduling tab.
    expect(b.store.getState().datasetEvents.map((e) => e.datasetId)).toEqual(a.store.getState().datasetEvents.map((e) => e.datasetId));
    expect(b.store.getState().notifications.map((n) => n.title)).toEqual(a.store.getState().notifications.map((n) => n.title));
    // A past run's log, asked for by the follower, comes from the scheduling tab's storage.
    const producerRun = triggered.ok ? triggered.runId : runId('');
    await a.coordinators[0]!.flush();
    await runLogLoader(b.session.client, b.store, b.session.ready)(producerRun);
    expect(Object.values(b.store.getState().logs).flat().some((l) => l.runId === producerRun && l.message === 'running extract')).toBe(true);

    // Tab a closes: b is granted the lock and boots from what storage kept.
    a.channel.close();
    locks.close('a');
    await vi.waitFor(() => expect(b.store.getState()).toMatchObject({ tabRole: 'leader', status: 'ready' }));
    expect(boots).toEqual(['a', 'b']);
    expect(b.session.mirroring).toBe(false);
    const again = await b.session.client.execute({ type: 'trigger', dagId: ML_PRODUCER.id, params: {} });
    expect(again.ok).toBe(true);
    expect(b.coordinators[0]!.snapshot.runs[again.ok ? again.runId : runId('')]).toBeDefined();
    await vi.waitFor(() => {
      const producers = Object.values(b.store.getState().scheduler!.runs).filter((r) => r.dagId === 'ml_producer');
      expect(producers.map((r) => r.state)).toEqual(['success', 'success']);
    });
    await b.coordinators[0]!.flush();
  });

  it('without Web Locks every tab schedules on its own, with a warning', async () => {
    const store = newStore();
    const warn = vi.fn();
    let booted = 0;
    const session = startTabSession({
      view: storeTabView(store),
      locks: undefined,
      openChannel: () => channels(1)[0]!,
      warn,
      boot: async () => {
        booted++;
        return { client: fakeClient(), mirror: new FakeSource(store) };
      },
    });
    await session.ready;
    expect(booted).toBe(1);
    expect(store.getState()).toMatchObject({ tabRole: 'solo', status: 'ready' });
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('Web Locks'));
  });
});
