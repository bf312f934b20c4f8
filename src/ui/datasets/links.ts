/** Deep links (see ui/routing.ts) as plain hrefs: real anchors are keyboard reachable and open in a new tab too. */
const enc = encodeURIComponent;

export const datasetHref = (datasetId: string): string => `#/assets/${enc(datasetId)}`;
export const modelHref = (modelId: string): string => `#/model/${enc(modelId)}`;
export const dagHref = (dagId: string): string => `#/dags/${enc(dagId)}`;
export const runHref = (dagId: string, runId: string): string => `${dagHref(dagId)}/runs/${enc(runId)}`;
export const taskHref = (dagId: string, runId: string, taskId: string): string => `${runHref(dagId, runId)}/tasks/${enc(taskId)}`;
