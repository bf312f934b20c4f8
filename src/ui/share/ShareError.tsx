import { MessageText } from '../UserText';
import type { ShareProblem } from './CopyLinkButton';

/**
 * Why a link could not be made (too long: with the file as a download instead) or could not be opened (nothing was
 * changed). One place for both, so a page never shows two `share-error`s.
 */
export function ShareError({ problem, fileName, onDownload, onDismiss }: { problem: ShareProblem; fileName: string | null; onDownload: () => void; onDismiss: () => void }) {
  return (
    <div className="editor-message share-error" role="alert" data-testid="share-error">
      <MessageText text={problem.error} />
      {problem.download && fileName && (
        <>
          {' '}
          Share the file instead:{' '}
          <button type="button" data-testid="share-download" onClick={onDownload}>
            Download {fileName}
          </button>
        </>
      )}{' '}
      <button type="button" aria-label="Dismiss the message" onClick={onDismiss}>
        ×
      </button>
    </div>
  );
}
