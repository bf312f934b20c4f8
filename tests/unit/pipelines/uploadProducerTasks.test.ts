import { describe, expect, it } from 'vitest';
import { makeTable, type ColumnTable } from '../../../src/core/columns';
import { dagId, datasetVersionId, runId, taskId, type DatasetVersionId } from '../../../src/core/ids';
import type { JsonValue } from '../../../src/core/json';
import type { DatasetOutput } from '../../../src/core/model';
import { checkData } from '../../../src/pipelines/housing/tasks/checkData';
import { extract } from '../../../src/pipelines/housing/tasks/extract';
import { quarantineData } from '../../../src/pipelines/housing/tasks/quarantineData';
import type { TaskContext } from '../../../src/taskApi/taskContext';

const UPLOAD = datasetVersionId('uploaded_csv@upload__t__abcd1234/upload_csv/1');

/** A task context over in-memory outputs and versions, recording logs, reads and writes. */
function fakeContext(params: Record<string, JsonValue>, outputs: Record<string, ColumnTable>, versions: Record<string, ColumnTable> = {}) {
  const logs: string[] = [];
  const read: DatasetVersionId[] = [];
  const written: { datasetId: string; table: ColumnTable; extra: Record<string, JsonValue> }[] = [];
  const log = (level: string) => (message: string) => void logs.push(`${level}: ${message}`);
  // The members these four tasks use; others (progress, notifications…) they never call.
  const members: Partial<TaskContext> = {
    dagId: dagId('ml_producer'),
    runId: runId('manual__x'),
    taskId: taskId('t'),
    tryNumber: 1,
    params,
    settings: { backend: 'cpu', seed: 42, baseUrl: 'http://localhost/' },
    log: { debug: log('debug'), info: log('info'), warning: log('warning'), error: log('error') },
    now: () => 0,
    triggeringEvents: [],
    upstreamResult: () => null,
    readUpstreamOutput: async (id) => outputs[id]!,
    writeOutput: async (table) => void (outputs.written = table),
    inputVersion: async () => UPLOAD,
    readDatasetVersion: async (id) => {
      read.push(id);
      const table = versions[id];
      if (!table) throw new Error(`Dataset version "${id}" is not stored (deleted, or never written).`);
      return table;
    },
    describeDatasetVersion: async (id) => {
      const table = versions[id];
      if (!table) throw new Error(`Dataset version "${id}" is not stored (deleted, or never written).`);
      return { rowCount: table.rowCount, names: table.names, byteSize: 0 };
    },
    loadModel: () => Promise.reject(new Error('no models here')),
    saveModel: () => Promise.reject(new Error('no models here')),
    writeDataset: async (datasetId, table, extra = {}) => {
      written.push({ datasetId, table, extra });
      return { datasetId, versionId: datasetVersionId(`${datasetId}@v`), extra } as DatasetOutput;
    },
  };
  const context = members as TaskContext;
  return { context, logs, read, written, outputs };
}

const ramp = (n: number, from = 0) => Float64Array.from({ length: n }, (_, i) => from + i);
const flats = (rows = 30) => makeTable({ area: ramp(rows, 30), age: ramp(rows, 1).map((v) => v % 7), price: ramp(rows, 100) }, ['area', 'age', 'price']);

describe('the producer on an uploaded CSV', () => {
  it('extract hands the uploaded version named by param source on by reference: no copy, the next tasks read it', async () => {
    const fake = fakeContext({ source: UPLOAD, corrupt_rows: 0 }, {}, { [UPLOAD]: flats() });
    const result = await extract(fake.context);
    expect(result).toEqual({ source: UPLOAD, rows: 30, columns: 3, handedOn: 'by reference' });
    // Described, not read; nothing written: a million-row upload is not copied within extract's 10 s.
    expect(fake.read).toEqual([]);
    expect(fake.outputs.written).toBeUndefined();
    expect(fake.logs).toContain('info: Target price; 2 feature(s): area, age.');
    // check_data (and save_raw_data, featurize, quarantine_data) read the upload itself.
    expect(await checkData(fake.context)).toBe('featurize');
    expect(fake.read).toEqual([UPLOAD]);
  });

  it('extract blanks the first feature for corrupt_rows in a copy it hands on, without touching the stored table', async () => {
    const stored = flats();
    const fake = fakeContext({ source: UPLOAD, corrupt_rows: 3 }, {}, { [UPLOAD]: stored });
    await extract(fake.context);
    expect(fake.read).toEqual([UPLOAD]);
    const area = fake.outputs.written!.columns.area!;
    expect(Array.from(area).filter(Number.isNaN)).toHaveLength(3);
    expect(Array.from(stored.columns.area!).some(Number.isNaN)).toBe(false);
    expect(fake.logs).toContain('warning: Blanked area in 3 rows (param corrupt_rows).');
    // The next tasks read that copy, not the stored upload.
    fake.outputs.extract = fake.outputs.written!;
    expect(await checkData(fake.context)).toBe('quarantine_data');
  });

  it('extract refuses a source that is not housing or an upload, and an upload that is gone', async () => {
    await expect(extract(fakeContext({ source: 'built_features@x' }, {}).context)).rejects.toThrow(
      'Param "source" must be "housing" or the id of an uploaded_csv version (uploaded_csv@…), got "built_features@x".',
    );
    await expect(extract(fakeContext({ source: UPLOAD }, {}).context)).rejects.toThrow('is not stored');
  });

  it('check_data branches to featurize on clean data and logs every check', async () => {
    const fake = fakeContext({ source: UPLOAD }, {}, { [UPLOAD]: flats() });
    expect(await checkData(fake.context)).toBe('featurize');
    expect(fake.logs).toEqual([
      'info: ✓ schema: 2 feature(s) and the target price',
      'info: ✓ types: 3 numeric column(s) of 30 rows',
      'info: ✓ missing: no missing or infinite values',
      'info: ✓ ranges: no known ranges for these columns',
      'info: ✓ rows: 30 rows, at least 20 expected',
      'info: ✓ variance: every column varies',
      'info: All 6 checks passed on 30 rows: on to featurize.',
    ]);
  });

  it('check_data sends bad data to quarantine; quarantine_data keeps it with the report', async () => {
    const bad = flats(12);
    bad.columns.age![5] = Number.NaN;
    const fake = fakeContext({ source: UPLOAD }, {}, { [UPLOAD]: bad });
    expect(await checkData(fake.context)).toBe('quarantine_data');
    expect(fake.logs.filter((l) => l.startsWith('warning'))).toEqual([
      'warning: ✗ missing: no missing or infinite values',
      'warning: ✗ rows: 12 rows, at least 20 expected',
      'warning: age: 1 missing values (first at row 6).',
      'warning: Only 12 rows; at least 20 expected.',
      'warning: 2 problem(s) in missing, rows: the data goes to quarantine, not to the consumer team.',
    ]);
    const result = (await quarantineData(fake.context)) as Record<string, JsonValue>;
    expect(result).toMatchObject({ rows: 12, passed: false, problems: ['age: 1 missing values (first at row 6).', 'Only 12 rows; at least 20 expected.'] });
    expect(fake.written).toHaveLength(1);
    expect(fake.written[0]!.datasetId).toBe('quarantined_housing');
    expect(fake.written[0]!.extra).toEqual({
      source: UPLOAD,
      failedChecks: ['missing', 'rows'],
      problems: ['age: 1 missing values (first at row 6).', 'Only 12 rows; at least 20 expected.'],
    });
  });
});
