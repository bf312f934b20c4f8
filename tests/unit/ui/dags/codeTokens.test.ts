import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dagSourceBlock, tokenize, tokenLines } from '../../../../src/ui/dags/codeTokens';

const DAGS_SOURCE = readFileSync(new URL('../../../../src/pipelines/housing/dags.ts', import.meta.url), 'utf8');

describe('tokenize', () => {
  it('keeps every character, in order', () => {
    const tokens = tokenize(DAGS_SOURCE);
    expect(tokens.map((t) => t.text).join('')).toBe(DAGS_SOURCE);
    const json = JSON.stringify({ a: [1, 'x', true, null] }, null, 2);
    expect(tokenize(json).map((t) => t.text).join('')).toBe(json);
  });

  it('tells comments, strings, numbers, keywords, literals and object keys apart', () => {
    const kinds = (src: string) => tokenize(src).filter((t) => t.kind !== 'plain').map((t) => `${t.kind}:${t.text}`);
    expect(kinds(`export const X = { retries: 2, id: 'a:b' }; // note`)).toEqual([
      'keyword:export',
      'keyword:const',
      'punctuation:{',
      'property:retries',
      'punctuation::',
      'number:2',
      'punctuation:,',
      'property:id',
      'punctuation::',
      'string:\'a:b\'',
      'punctuation:}',
      'punctuation:;',
      'comment:// note',
    ]);
    expect(kinds(`schedule: { type: 'manual' }, default: 0`).filter((k) => k.startsWith('property'))).toEqual([
      'property:schedule',
      'property:type',
      'property:default',
    ]);
    expect(kinds(`{"epochs": 30, "ok": false}`)).toEqual([
      'punctuation:{',
      'property:"epochs"',
      'punctuation::',
      'number:30',
      'punctuation:,',
      'property:"ok"',
      'punctuation::',
      'literal:false',
      'punctuation:}',
    ]);
  });

  it('splits tokens into lines without losing text', () => {
    const lines = tokenLines(tokenize('/* a\nb */ x\n\ny'));
    expect(lines.map((l) => l.map((t) => t.text).join(''))).toEqual(['/* a', 'b */ x', '', 'y']);
    expect(lines[1]![0]!.kind).toBe('comment');
  });
});

describe('dagSourceBlock', () => {
  it('finds the declaration of one DAG in the pipeline module, with its doc comment', () => {
    const consumer = dagSourceBlock(DAGS_SOURCE, 'ml_consumer')!;
    expect(consumer).toMatch(/^export const ML_CONSUMER: DagDefinition = \{/);
    expect(consumer).toContain(`taskId('save_predictions')`);
    expect(consumer).not.toContain('ml_producer');
    const producer = dagSourceBlock(DAGS_SOURCE, 'ml_producer')!;
    expect(producer).toMatch(/^\/\*\*/);
    expect(producer).toContain(`taskId('quarantine_data')`);
    expect(producer).not.toContain('ML_CONSUMER');
    expect(dagSourceBlock(DAGS_SOURCE, 'ml')).toBeNull();
  });
});
