/// <reference lib="webworker" />
import { expose, transfer } from 'comlink';
import { layoutPacked, type PackedGraph, type PackedLayout } from './packedLayout';

/** The layout worker's contract: one call, the graph in and the node boxes out as transferred typed arrays. */
export interface LayoutWorkerApi {
  layout(graph: PackedGraph): PackedLayout;
}

const api: LayoutWorkerApi = {
  layout(graph) {
    const result = layoutPacked(graph);
    // Transferred, not cloned: the buffers move to the main thread without a copy.
    return transfer(result, [result.boxes.buffer, result.ranks.buffer]);
  },
};

expose(api, self);
