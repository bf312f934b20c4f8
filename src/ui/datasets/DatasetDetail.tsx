import { useEffect, useRef } from 'react';
import type { DatasetId } from '../../core/ids';
import { formatCount } from '../format';
import { usePlayground } from '../PlaygroundContext';
import { DatasetEventHistory } from './DatasetEventHistory';
import { DatasetVersions } from './DatasetVersions';
import { VersionPreview } from './VersionPreview';
import { UserText } from '../UserText';

export interface DatasetDetailProps {
  readonly datasetId: DatasetId;
  /** The version to preview; null or unknown shows the newest. */
  readonly versionId: string | null;
  readonly onSelectVersion: (versionId: string, datasetId?: string) => void;
}

const reducedMotion = () => typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;

/** Like Kedro-Viz's dataset panel: a dataset's events, its versions with lineage, and a preview of one version. */
export function DatasetDetail({ datasetId, versionId, onSelectVersion }: DatasetDetailProps) {
  const definition = usePlayground((s) => s.datasets.find((d) => d.id === datasetId));
  const all = usePlayground((s) => s.datasetVersions);
  const versions = all.filter((v) => v.datasetId === datasetId);
  const shown = versions.find((v) => v.id === versionId) ?? versions[0] ?? null;
  const ref = useRef<HTMLElement>(null);

  // Opening a dataset (a click in the table or graph, or a deep link) brings its panel into view. Only the page's
  // scrolling main area moves: scrollIntoView would also scroll the fixed-height app frame, pushing the header away.
  useEffect(() => {
    const panel = ref.current;
    const scroller = panel?.closest('main');
    if (!panel || !scroller) return;
    const top = panel.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
    scroller.scrollTo({ top, behavior: reducedMotion() ? 'auto' : 'smooth' });
  }, [datasetId]);

  return (
    <section ref={ref} className="dataset-detail" aria-labelledby="dataset-detail-title" data-testid="dataset-detail" data-dataset={datasetId}>
      <header className="section-header">
        <h3 id="dataset-detail-title">
          ⛁ <UserText text={datasetId} />
        </h3>
        <a href="#/datasets" className="small" data-testid="dataset-detail-close">
          Close
        </a>
      </header>
      {definition ? (
        <p className="muted small">
          {definition.description && <UserText text={definition.description} max={300} />}{' '}
          <code>
            <UserText text={definition.uri} max={200} />
          </code>
        </p>
      ) : (
        <p className="error-text" role="alert" data-testid="dataset-unknown">
          No dataset "<UserText text={datasetId} />" is defined. The datasets table above lists the known ones.
        </p>
      )}
      <DatasetEventHistory datasetId={datasetId} onSelectVersion={(id) => onSelectVersion(id)} />
      {versions.length === 0 ? (
        <p className="muted">No stored version yet: it appears when a task that updates this dataset succeeds.</p>
      ) : (
        <>
          <DatasetVersions versions={versions} selectedId={shown?.id ?? null} onSelect={onSelectVersion} />
          <p className="muted small">
            {formatCount(versions.length)} stored version{versions.length === 1 ? '' : 's'}; old ones are deleted by the storage
            panel's retention.
          </p>
        </>
      )}
      {shown && <VersionPreview meta={shown} />}
    </section>
  );
}
