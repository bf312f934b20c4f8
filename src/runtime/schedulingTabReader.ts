import type { DagFileClient } from '../authoring/dagFileClient';
import type { DagFileReader } from './authoredDags';

/**
 * The scheduling tab's own DAG-file reader: a DAG-file worker of its own (never the editor's, whose reads are
 * latest-wins and would drop one another), started on the first file it reads. The client loads lazily too, so a
 * page that never saves a file does not load it.
 */
export function schedulingTabReader(): DagFileReader & { dispose(): void } {
  let client: Promise<DagFileClient> | null = null;
  const read: DagFileReader = async (text, options) => {
    client ??= import('../authoring/dagFileClient').then(({ createDagFileClient }) => createDagFileClient());
    const outcome = await (await client).evaluate(text, options);
    // Reads are one at a time here (deployments are serialized), so none is ever superseded.
    if (outcome.stale) throw new Error(`Reading ${options.fileName} was superseded by another read.`);
    return outcome;
  };
  return Object.assign(read, { dispose: () => void client?.then((c) => c.dispose()) });
}
