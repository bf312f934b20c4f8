import { toJsonSchema, type JsonSchema } from '@valibot/to-json-schema';
import { MAX_ASSET_TEXT_LENGTH } from '../core/assetUri';
import {
  callbackSchema,
  conditionNode,
  dagDocumentSchema,
  dagSchema,
  datasetSchema,
  ASSET_URI_DESCRIPTION,
  ID_PATTERN,
  idSchema,
  paramSchema,
  scheduleSchema,
  taskSchema,
  upstreamSchema,
} from './dagDocumentSchema';
import { DAG_DOCUMENT_FORMAT, DAG_DOCUMENT_VERSION } from './dagDocument';

/**
 * The JSON Schema (draft 2020-12) the site publishes at schema/dag-definition.schema.json, generated from the schema
 * import checks with (dagDocumentSchema.ts): one source for both. Build time only (the page never imports this);
 * `npm run schema:dag` writes the file, and tests/unit/dagfile/publishedSchema.test.ts fails when it is out of date.
 */
export function publishedDagSchema(): JsonSchema {
  const generated = toJsonSchema(dagDocumentSchema, {
    target: 'draft-2020-12',
    typeMode: 'output',
    definitions: { id: idSchema, dataset: datasetSchema, dag: dagSchema, schedule: scheduleSchema, condition: conditionNode, task: taskSchema, callback: callbackSchema, param: paramSchema },
    overrideSchema: ({ valibotSchema, jsonSchema }) => {
      // The JSON-object check before each object (arrays are not objects) is what `"type": "object"` says already.
      if (valibotSchema.type === 'custom') return {};
      // Each upstream task at most once: documentRules.ts checks it with the other rules that name tasks.
      if (valibotSchema === upstreamSchema) return { ...jsonSchema, uniqueItems: true };
      return undefined;
    },
    overrideAction: ({ valibotAction, jsonSchema }) => {
      // Every id, whatever its message, is the one `id` definition (but the definition itself).
      // Airflow's asset URI rules (core/assetUri.ts) as far as a schema can say them: printable ASCII, 1 to 1500
      // characters, no space at either end. The scheme and user-info rules are the importer's.
      if (valibotAction === ASSET_URI_DESCRIPTION) {
        return { ...jsonSchema, minLength: 1, maxLength: MAX_ASSET_TEXT_LENGTH, pattern: '^[!-~]([ -~]*[!-~])?$', description: ASSET_URI_DESCRIPTION.description };
      }
      const action = valibotAction as { type: string; requirement?: unknown };
      if (action.type === 'regex' && String(action.requirement) === String(ID_PATTERN) && !idSchema.pipe.includes(valibotAction as never)) {
        return { $ref: '#/$defs/id' };
      }
      return undefined;
    },
    // Messages and rules that need more than one value (a default within its range) are the validator's, not the schema's.
    ignoreActions: ['finite', 'raw_check', 'transform'],
  });
  const { $schema, ...rest } = generated;
  return {
    $schema,
    $id: 'pipeline-playground/schema/dag-definition.schema.json',
    title: 'Pipeline Playground DAG definitions',
    description:
      `DAG definitions the playground imports and exports (format ${DAG_DOCUMENT_FORMAT}, version ${DAG_DOCUMENT_VERSION}). Field names follow Apache Airflow's: ` +
      'retries, retry_delay → retryDelayMs, trigger_rule → triggerRule, outlets, max_active_runs → maxActiveRuns. Rules a schema cannot state are ' +
      'checked on import too: ids unique, upstream tasks exist, no cycles, scheduled datasets are produced or listed, every task has registered code or an ' +
      'operator.',
    ...rest,
  };
}

/** The file's text, as written to public/schema/. */
export const publishedDagSchemaText = (): string => `${JSON.stringify(publishedDagSchema(), null, 2)}\n`;
