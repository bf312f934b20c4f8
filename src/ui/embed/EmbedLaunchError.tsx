import { UserText } from '../UserText';
import './embed.css';

/** An embed URL with a bad key: its message, and nothing started (no database opened, nothing run). */
export function EmbedLaunchError({ message }: { message: string }) {
  return (
    <main className="embed-root embed-launch-error" data-testid="embed-root" data-embed-id="" data-status="failed">
      <h1 className="embed-title">Pipeline Playground cannot open this embed</h1>
      <p role="alert" data-testid="embed-error">
        <UserText text={message} max={300} />
      </p>
      <p className="muted small">The page that embeds it should fix its address; see “Embed the playground” in the playground’s README.</p>
    </main>
  );
}
