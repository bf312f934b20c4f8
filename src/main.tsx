import { createRoot } from 'react-dom/client';
import { startPlayground } from './app/startPlayground';
import { wantsEmbed } from './embed/wantsEmbed';
import { EmbedLaunchError } from './ui/embed/EmbedLaunchError';
import './styles.css';
import './sw/register';
import { measureStage } from './runtime/stageMarks';

// Navigation → the entry and every module it imports fetched and evaluated (the first stage of the bench's breakdown).
measureStage('boot:entry-evaluated', 0);

const root = createRoot(document.getElementById('root')!);
if (!wantsEmbed(window.location.search)) startPlayground(root, null);
else {
  // `?embed=1` (issue 15) is read once, here, against the lessons this build ships (loaded only for an embed: the full
  // app's entry stays without them). A bad key shows its message and starts nothing: no database is opened.
  void Promise.all([import('./authoring/lessons'), import('./embed/embedParams')]).then(([{ LESSONS }, { readEmbedLaunch }]) => {
    const launch = readEmbedLaunch(window.location.search, window.location.hash, LESSONS.map((lesson) => lesson.name));
    if (launch.kind === 'embed') startPlayground(root, launch.params);
    else root.render(<EmbedLaunchError message={launch.kind === 'embed-error' ? launch.message : 'embed mode was not asked for.'} />);
  });
}
