import { describe, expect, it } from 'vitest';
import { resetAllData, type ResetStatus, type ResetSteps } from '../../../src/runtime/resetAllData';

function steps(fail?: 'stop' | 'delete', blocked = false) {
  const calls: string[] = [];
  const fake: ResetSteps = {
    async stopWork() {
      calls.push('stopWork');
      if (fail === 'stop') throw new Error('a write failed');
    },
    closeDatabase: () => calls.push('closeDatabase'),
    async deleteDatabase(onBlocked) {
      calls.push('deleteDatabase');
      if (blocked) onBlocked();
      if (fail === 'delete') throw new DOMException('', 'UnknownError');
    },
    clearSettings: () => calls.push('clearSettings'),
    reload: () => calls.push('reload'),
  };
  return { fake, calls };
}

describe('resetAllData', () => {
  it('stops the work, closes and deletes the database, then forgets the settings and reloads — in that order', async () => {
    const { fake, calls } = steps();
    const statuses: ResetStatus[] = [];
    expect(await resetAllData(fake, (s) => statuses.push(s))).toBe(true);
    expect(calls).toEqual(['stopWork', 'closeDatabase', 'deleteDatabase', 'clearSettings', 'reload']);
    expect(statuses.map((s) => s.phase)).toEqual(['stopping', 'deleting', 'reloading']);
  });

  it('reports a delete blocked by another connection while it waits', async () => {
    const { fake } = steps(undefined, true);
    const statuses: ResetStatus[] = [];
    await resetAllData(fake, (s) => statuses.push(s));
    expect(statuses.map((s) => s.phase)).toEqual(['stopping', 'deleting', 'blocked', 'reloading']);
  });

  it.each([['stop'], ['delete']] as const)('when %s fails: keeps the settings, does not reload, and says nothing was reset', async (where) => {
    const { fake, calls } = steps(where);
    const statuses: ResetStatus[] = [];
    expect(await resetAllData(fake, (s) => statuses.push(s))).toBe(false);
    expect(calls).not.toContain('clearSettings');
    expect(calls).not.toContain('reload');
    const last = statuses.at(-1)!;
    expect(last.phase).toBe('failed');
    expect(last.phase === 'failed' && last.message).toMatch(/^The data could not be deleted \((a write failed|UnknownError)\)\. Nothing was reset/);
  });
});
