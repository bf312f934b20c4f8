import { describe, expect, it } from 'vitest';
import { HOUSING_DAGS } from '../../../src/pipelines/housing/dags';
import { HOUSING_DATASETS } from '../../../src/pipelines/housing/datasets';
import { dagDocument, documentText } from '../../../src/dagfile/dagDocument';
import { errorText, parseDagDocument, validateDagDocument } from '../../../src/dagfile/validateDagDocument';
import { CONTEXT, INVALID_DOCUMENTS, VALID_DOCUMENTS, doc, noopDag } from './documentCases';

const messages = (value: unknown) => {
  const result = validateDagDocument(value, CONTEXT);
  return result.ok ? [] : result.errors.map(errorText);
};

describe('validateDagDocument', () => {
  it.each(VALID_DOCUMENTS)('accepts $name', ({ document }) => {
    expect(messages(document)).toEqual([]);
  });

  it.each(INVALID_DOCUMENTS)('refuses $name with precise messages', ({ document, errors }) => {
    expect(messages(document)).toEqual(errors);
  });

  it('round-trips the built-in DAGs: export → import gives back equal definitions', () => {
    const text = documentText(dagDocument(HOUSING_DAGS, HOUSING_DATASETS));
    const result = parseDagDocument(text, CONTEXT);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.document.dags).toEqual(HOUSING_DAGS);
    expect(result.document.datasets).toEqual(HOUSING_DATASETS.filter((d) => text.includes(`"${d.id}"`)));
    // …and exporting what was imported writes the same text again.
    expect(documentText(dagDocument(result.document.dags, result.document.datasets ?? []))).toBe(text);
  });

  it('says where a file stops being JSON', () => {
    const result = parseDagDocument('{"version": 1, "dags": [', CONTEXT);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toHaveLength(1);
    expect(errorText(result.errors[0]!)).toMatch(/^\(root\): not valid JSON: /);
  });

  it('refuses a hostile nesting depth without overflowing the stack', () => {
    let condition: unknown = { type: 'dataset', id: 'raw_housing' };
    for (let i = 0; i < 10_000; i++) condition = { type: 'all', of: [condition] };
    const errors = messages(doc({ id: 'x', schedule: { type: 'datasets', condition }, tasks: [{ id: 'a', upstream: [], operator: 'noop' }] }));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^dags\[0\]\.schedule\.condition(\.of\[0\]){33}: dataset conditions may nest at most 32 levels$/);
  });

  it('quotes a param name that is not an identifier in the path', () => {
    expect(messages(doc(noopDag('x', undefined, { params: { 'a b': { type: 'boolean', default: 1 } } })))).toEqual([
      'dags[0].params["a b"]: "a b" is not a valid param name: use 1 to 250 letters, digits, "_", "-" or "." (Airflow\'s rule for ids)',
      'dags[0].params["a b"].default: must be true or false, got a whole number',
    ]);
  });

  it('names a huge or right-to-left value shortened and isolated, never whole (issue 12 point 6)', () => {
    const huge = 'u'.repeat(1_000_000);
    const errors = messages(doc(noopDag('x', [{ id: 'a', upstream: [huge], operator: 'noop' }, { id: `b\u202Eevil`, upstream: [], operator: 'nope' }])));
    expect(errors.length).toBeGreaterThanOrEqual(2);
    for (const error of errors) expect(error.length).toBeLessThan(600);
    const unknownTask = errors.find((e) => e.includes('unknown task'))!;
    expect(unknownTask).toContain('(1,000,000 characters)');
    // The override is closed inside its isolate (FSI … PDI), so it cannot turn the rest of the message around.
    expect(errors.some((e) => /\u2068[^\u2069]*\u202E[^\u2069]*\u2069/.test(e))).toBe(true);
  });
});
