import type { WireAsset, WireDag, WireEdge, WireManifest, WirePos, WireTask } from './vm/wireTypes';

/**
 * The manifest as text from the sandbox → checked plain data. It comes from the authoring API, but user code shares
 * the sandbox with it and could have tampered with anything, so every field is checked here before it is used; a
 * manifest that does not check out is refused whole (`ManifestError`).
 */
export class ManifestError extends Error {
  override name = 'ManifestError';
}

const fail = (what: string): never => {
  throw new ManifestError(`The DAG file's declarations could not be read back (${what}).`);
};

const object = (value: unknown, what: string): Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : fail(what);
const list = (value: unknown, what: string): unknown[] => (Array.isArray(value) ? value : fail(what));
const text = (value: unknown, what: string): string => (typeof value === 'string' ? value : fail(what));

const pos = (value: unknown): WirePos | null => {
  if (value === null) return null;
  const p = object(value, 'a position');
  const line = p['line'];
  const column = p['column'];
  return Number.isInteger(line) && Number.isInteger(column) ? { line: line as number, column: column as number } : fail('a position');
};

const KINDS = ['task', 'branch', 'short_circuit'];

function task(value: unknown): WireTask {
  const t = object(value, 'a task');
  const handler = object(t['handler'], 'a task handler');
  const type = handler['type'];
  if (type === 'function') {
    if (typeof handler['params'] !== 'number') fail('a task function');
    text(handler['text'], 'a task function');
  } else if (type === 'operator') text(handler['name'], 'an operator');
  else if (type === 'invalid') text(handler['what'], 'a task handler');
  else fail('a task handler');
  if (!KINDS.includes(t['kind'] as string)) fail('a task kind');
  const inputs = t['inputs'];
  if (inputs !== null) object(inputs, 'task inputs');
  const decision = t['decision'];
  if (decision !== null) {
    const d = object(decision, 'a branch');
    if (d['type'] === 'if') {
      for (const side of ['then', 'else']) if (d[side] !== null) text(d[side], 'a branch');
    } else if (d['type'] === 'switch') list(d['cases'], 'a branch').forEach((c) => text(c, 'a branch'));
    else fail('a branch');
  }
  return { ...(t as unknown as WireTask), id: text(t['id'], 'a task id'), at: pos(t['at']) };
}

function edge(value: unknown): WireEdge {
  const e = object(value, 'an edge');
  return { up: text(e['up'], 'an edge'), down: text(e['down'], 'an edge'), at: pos(e['at']) };
}

function dag(value: unknown): WireDag {
  const d = object(value, 'a DAG');
  return { id: text(d['id'], 'a DAG id'), spec: d['spec'] as WireDag['spec'], at: pos(d['at']), tasks: list(d['tasks'], 'tasks').map(task), edges: list(d['edges'], 'edges').map(edge) };
}

function asset(value: unknown): WireAsset {
  const a = object(value, 'an asset');
  return { ...(a as unknown as WireAsset), name: text(a['name'], 'an asset'), uri: text(a['uri'], 'an asset'), at: pos(a['at']) };
}

export function parseManifest(json: string): WireManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return fail('not JSON');
  }
  const m = object(raw, 'the manifest');
  return { assets: list(m['assets'], 'assets').map(asset), dags: list(m['dags'], 'dags').map(dag) };
}
