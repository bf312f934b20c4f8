import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020';
import { describe, expect, it } from 'vitest';
import { TRIGGER_RULES } from '../../../src/core/triggerRules';
import { OPERATOR_NAMES } from '../../../src/pipelines/operatorNames';
import { HOUSING_DAGS } from '../../../src/pipelines/housing/dags';
import { HOUSING_DATASETS } from '../../../src/pipelines/housing/datasets';
import { dagDocument } from '../../../src/dagfile/dagDocument';
import { validateDagDocument } from '../../../src/dagfile/validateDagDocument';
import { CONTEXT, INVALID_DOCUMENTS, VALID_DOCUMENTS } from './documentCases';

// The published schema, checked with a reference JSON Schema implementation (Ajv, in Node only: the site itself
// cannot compile schemas under its CSP, which is why the validator is hand-written — and why this test exists).
const schema = JSON.parse(readFileSync('public/schema/dag-definition.schema.json', 'utf8'));
const ajv = new Ajv2020({ allErrors: true, strict: true });
const schemaAccepts = ajv.compile(schema);

describe('the JSON Schema and the validator agree', () => {
  it.each(VALID_DOCUMENTS)('both accept $name', ({ document }) => {
    expect(schemaAccepts(document), JSON.stringify(schemaAccepts.errors)).toBe(true);
    expect(validateDagDocument(document, CONTEXT).ok).toBe(true);
  });

  it.each(INVALID_DOCUMENTS)('$name: the schema says $schemaValid, the validator refuses', ({ document, schemaValid }) => {
    expect(schemaAccepts(document)).toBe(schemaValid);
    expect(validateDagDocument(document, CONTEXT).ok).toBe(false);
  });

  it('the schema accepts the exported built-in DAGs', () => {
    expect(schemaAccepts(JSON.parse(JSON.stringify(dagDocument(HOUSING_DAGS, HOUSING_DATASETS))))).toBe(true);
  });

  it('lists the same operators and trigger rules as the code', () => {
    expect(schema.$defs.task.properties.operator.enum).toEqual([...OPERATOR_NAMES]);
    expect(schema.$defs.task.properties.triggerRule.enum).toEqual([...TRIGGER_RULES]);
  });
});
