import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { publishedDagSchemaText } from '../../../src/dagfile/publishedSchema';

const PUBLISHED = 'public/schema/dag-definition.schema.json';

/**
 * The JSON Schema the site publishes is generated from the schema import checks with (src/dagfile/dagDocumentSchema.ts).
 * `npm run schema:dag` writes it; this test fails when the checked-in file is not what the schema generates.
 */
describe('the published DAG document schema', () => {
  if (process.env.UPDATE_DAG_SCHEMA === '1') writeFileSync(PUBLISHED, publishedDagSchemaText());

  it('is the one the validator’s schema generates', () => {
    expect(readFileSync(PUBLISHED, 'utf8')).toBe(publishedDagSchemaText());
  });
});
