import type { JsonValue } from '../../core/json';
import type { ModelRecord } from '../../runtime/storage/schema';
import { usePlayground } from '../PlaygroundContext';

type JsonObject = { readonly [key: string]: JsonValue };
const isObject = (v: JsonValue | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The drift check of the run that trained this model, where one was recorded: in the `drift` entry of a dataset
 * event's extra written by that run, or of a task's return value. Shown as a table of features when it has one entry
 * per feature, else as text.
 */
export function DriftReport({ model }: { model: ModelRecord }) {
  const runId = model.producedBy.runId;
  const drift = usePlayground((s) => {
    for (const event of s.datasetEvents) {
      if (event.source?.runId === runId && event.extra.drift !== undefined) return event.extra.drift;
    }
    const run = s.scheduler?.runs[runId];
    for (const ti of run?.tasks ?? []) {
      if (isObject(ti.returnValue) && ti.returnValue.drift !== undefined) return ti.returnValue.drift;
    }
    return undefined;
  });
  if (drift === undefined) return null;

  const features = isObject(drift) && isObject(drift.features) ? drift.features : isObject(drift) ? drift : null;
  const rows = features ? Object.entries(features).filter(([, v]) => isObject(v)) : [];
  const columns = [...new Set(rows.flatMap(([, v]) => Object.keys(v as JsonObject)))];
  const summary = isObject(drift) ? Object.entries(drift).filter(([, v]) => !isObject(v) && !Array.isArray(v)) : [];

  return (
    <section className="drift-report" aria-labelledby="drift-title" data-testid="drift-report">
      <h4 id="drift-title">Drift check</h4>
      {summary.length > 0 && (
        <p className="small">
          {summary.map(([k, v]) => (
            <span key={k} className="chip">
              {k}: {String(v)}
            </span>
          ))}
        </p>
      )}
      {rows.length > 0 ? (
        <table className="compact">
          <thead>
            <tr>
              <th scope="col">feature</th>
              {columns.map((c) => (
                <th key={c} scope="col" className="num">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map(([name, value]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                {columns.map((c) => {
                  const cell = (value as JsonObject)[c];
                  return (
                    <td key={c} className="num">
                      {typeof cell === 'number' ? Number(cell.toPrecision(4)) : cell === undefined ? '—' : String(cell)}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      ) : summary.length === 0 ? (
        <pre className="small drift-text">{JSON.stringify(drift, null, 2)}</pre>
      ) : null}
    </section>
  );
}
