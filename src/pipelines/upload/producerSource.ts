import type { JsonValue } from '../../core/json';
import { datasetVersionId, type DatasetVersionId } from '../../core/ids';

/** The producer's param `source`: the housing CSV the site serves (the default), or one stored upload. */
export const HOUSING_SOURCE = 'housing';
/** Dataset id of uploads (the same as UPLOADED_CSV in housing/datasets.ts, which the DAGs import). */
export const UPLOAD_DATASET = 'uploaded_csv';

export type ProducerSource = { readonly kind: 'housing' } | { readonly kind: 'upload'; readonly versionId: DatasetVersionId };

/** Reads the param; anything but `housing` or an uploaded_csv version id is refused with what was expected. */
export function producerSource(value: JsonValue | undefined): ProducerSource {
  if (value === undefined || value === null || value === HOUSING_SOURCE) return { kind: 'housing' };
  if (typeof value === 'string' && value.startsWith(`${UPLOAD_DATASET}@`)) return { kind: 'upload', versionId: datasetVersionId(value) };
  throw new Error(
    `Param "source" must be "${HOUSING_SOURCE}" or the id of an ${UPLOAD_DATASET} version (${UPLOAD_DATASET}@…), got ${JSON.stringify(value)}.`,
  );
}
