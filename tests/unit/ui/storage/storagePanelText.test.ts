import { describe, expect, it } from 'vitest';
import { datasetVersionId, runId } from '../../../../src/core/ids';
import {
  DEFAULT_KEEP_VERSIONS,
  formatStorageBytes,
  parseKeepVersions,
  pruneText,
  readKeepVersions,
  RETENTION_KEY,
  usageText,
} from '../../../../src/ui/storage/storageText';

const none = { deletedVersions: [], freedBytes: 0, deletedRuns: [], deletedTaskOutputs: 0, deletedLogLines: 0, protectedVersions: [] };

describe('Storage panel text', () => {
  it('reads the retention setting, falling back to 10 for anything but a whole number from 1 to 1000', () => {
    const storage = (value: string | null) => ({ getItem: (key: string) => (key === RETENTION_KEY ? value : null) });
    expect(readKeepVersions(storage('25'))).toBe(25);
    for (const bad of [null, '', '0', '-3', '2.5', 'ten', '1001']) expect(readKeepVersions(storage(bad))).toBe(DEFAULT_KEEP_VERSIONS);
    expect(readKeepVersions(undefined)).toBe(10);
    expect(readKeepVersions({ getItem: () => { throw new Error('blocked'); } })).toBe(10);
    expect(parseKeepVersions(' 7 ')).toBe(7);
  });

  it('formats usage and quota up to gigabytes', () => {
    expect(formatStorageBytes(512)).toBe('512 B');
    expect(formatStorageBytes(1536)).toBe('1.5 kB');
    expect(formatStorageBytes(12.34 * 1024 ** 2)).toBe('12.3 MB');
    expect(formatStorageBytes(1.5 * 1024 ** 3)).toBe('1.50 GB');
    expect(usageText(12.34 * 1024 ** 2, 1.5 * 1024 ** 3)).toBe('12.3 MB of 1.50 GB used (0.8%)');
    expect(usageText(900, 1000)).toBe('900 B of 1000 B used (90%)');
    expect(usageText(0, 0)).toBe('0 B of 0 B used');
  });

  it('says what a clean-up deleted, and what it kept on purpose', () => {
    expect(pruneText(10, none, { deleted: [], deletedModels: [], kept: [] })).toBe('Nothing to delete: no asset has more than 10 versions.');
    const some = {
      ...none,
      deletedVersions: [datasetVersionId('a'), datasetVersionId('b')],
      freedBytes: 1.5 * 1024 ** 2,
      deletedTaskOutputs: 1,
      protectedVersions: [datasetVersionId('c')],
    };
    expect(pruneText(3, some, { deleted: [], deletedModels: [], kept: [] })).toBe(
      'Deleted 2 old versions (1.5 MB) and 1 intermediate task output. Kept 1 older version a waiting or running consumer still needs.',
    );
    const runs = { ...none, deletedRuns: [runId('r1')] };
    expect(pruneText(1, runs, { deleted: [{} as never], deletedModels: [], kept: [] })).toBe('Deleted 1 unfinished version of failed tries and 1 old run.');
    expect(pruneText(1, none, { deleted: [], deletedModels: ['m1', 'm2'], kept: [] })).toBe('Deleted 2 unfinished models of failed tries.');
  });
});
