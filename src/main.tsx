import { createRoot } from 'react-dom/client';
import { startPlayground } from './app/startPlayground';
import { LESSONS } from './authoring/lessons';
import { readEmbedLaunch } from './embed/embedParams';
import { EmbedLaunchError } from './ui/embed/EmbedLaunchError';
import './styles.css';
import './sw/register';

// `?embed=1` (issue 15) is read once, here: a bad key shows its message and starts nothing (no database is opened).
const launch = readEmbedLaunch(window.location.search, window.location.hash, LESSONS.map((lesson) => lesson.name));
const root = createRoot(document.getElementById('root')!);
if (launch.kind === 'embed-error') root.render(<EmbedLaunchError message={launch.message} />);
else startPlayground(root, launch.kind === 'embed' ? launch.params : null);
