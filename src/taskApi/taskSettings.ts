/** The tfjs backends a task may train on; webgl falls back to wasm (then cpu) in a worker that has no WebGL. */
export type TfBackend = 'wasm' | 'cpu' | 'webgl';

/** The tfjs backends a person can choose, in the order the Settings page lists them. */
export const TF_BACKENDS: readonly TfBackend[] = ['wasm', 'cpu', 'webgl'];

/** What a try runs with, as its task code sees it (fixed per run when its first try starts). */
export interface TaskSettings {
  readonly backend: TfBackend;
  readonly seed: number;
  /** The page's base URL: workers resolve the site's own data files against it (the site may live on a sub-path). */
  readonly baseUrl: string;
}
