import type { CommandResult } from '../../runtime/commands/playgroundCommand';
import { MessageText } from '../UserText';

export type Deployed = CommandResult<{ type: 'deployDagFile'; fileName: string; text: string }>;

/** What the last Save & run did: the DAGs and versions now running, or why nothing changed. */
export function DeployResult({ result, fileName, onOpenDag }: { result: Deployed; fileName: string; onOpenDag: (dagId: string) => void }) {
  if (!result.ok) {
    return (
      <div className="deploy-result refused" role="alert" data-testid="editor-deploy-result" data-status="refused">
        <p>
          <strong>{fileName} was not saved and run</strong> — the running DAGs are unchanged.
        </p>
        <ul>
          {result.errors.slice(0, 8).map((error, i) => (
            <li key={i}>
              <MessageText text={error} />
            </li>
          ))}
          {result.errors.length > 8 && <li>…and {result.errors.length - 8} more (see Problems).</li>}
        </ul>
      </div>
    );
  }
  const removed = result.summary.removed;
  return (
    <div className="deploy-result ok" role="status" data-testid="editor-deploy-result" data-status="ok">
      <p>
        <strong>Saved and running:</strong>
      </p>
      <ul>
        {result.versions.map((v) => (
          <li key={v.dagId}>
            <button type="button" className="link-button" data-testid={`editor-open-dag-${v.dagId}`} onClick={() => onOpenDag(v.dagId)}>
              {v.dagId}
            </button>{' '}
            <span data-testid={`editor-version-${v.dagId}`} data-version={v.version}>
              v{v.version}
            </span>{' '}
            <span className="muted small">{v.created ? '(new version)' : '(unchanged)'}</span>
          </li>
        ))}
      </ul>
      {removed.length > 0 && <p className="muted small">No longer scheduled (their runs stay): {removed.join(', ')}.</p>}
    </div>
  );
}
