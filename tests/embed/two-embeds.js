// The test page's script: plain JavaScript a host could write. `./client.js` is src/embed/client.ts as JavaScript
// (tests/e2e/embed.spec.ts serves it transpiled, beside this page).
import { createEmbedClient } from './client.js';

const query = new URLSearchParams(location.search);
const app = new URL(query.get('app') ?? '/', location.href);
// With ?allow=1 the embeds are told this page's origin (needed when the page is not the playground's own origin).
const allow = query.get('allow') === '1';
const EMBEDS = [
  { id: 'alpha', lesson: 'branching', title: 'Embedded playground alpha' },
  { id: 'beta', lesson: 'trigger-rules', title: 'Embedded playground beta' },
];

const log = (text) => {
  const events = document.getElementById('events');
  events.textContent += `${text}\n`;
};

window.embeds = {};
for (const { id, lesson, title } of EMBEDS) {
  const src = new URL(app);
  src.search = `?embed=1&id=${id}&lesson=${lesson}${allow ? `&origin=${encodeURIComponent(location.origin)}` : ''}`;
  const frame = document.createElement('iframe');
  frame.src = src.href;
  frame.title = title;
  frame.width = '800';
  frame.height = '500';
  frame.dataset.embed = id;
  document.getElementById('frames').append(frame);
  const client = createEmbedClient(frame, { origin: app.origin });
  client.ready.then(({ embedId }) => log(`${embedId}: ready`));
  client.onRunState((run) => log(`${id}: ${run.dagId} ${run.state} ${JSON.stringify(run.tasks)}`));
  window.embeds[id] = client;
}
