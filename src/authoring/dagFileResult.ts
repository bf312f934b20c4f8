import type { DagDefinition, DatasetDefinition } from '../core/dag';

/** Lines and columns are 1-based and point into the TypeScript the person wrote. */
export type Severity = 'error' | 'warning' | 'info';

/** What kind of problem: an editor may style them apart; tests find them by it. */
export type DiagnosticCode =
  | 'too_large'
  | 'syntax'
  | 'import'
  | 'exception'
  | 'timeout'
  | 'memory'
  | 'invalid_option'
  | 'ignored_option'
  | 'unknown_asset'
  | 'duplicate_id'
  | 'cycle'
  | 'graph';

export interface Diagnostic {
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  readonly severity: Severity;
  readonly code: DiagnosticCode;
  readonly message: string;
}

/** Where a DAG (no taskId) or a task was declared: the editor's "go to" target for a node of the graph. */
export interface DeclarationLocation {
  readonly dagId: string;
  readonly taskId?: string;
  readonly line: number;
  readonly column: number;
}

/** A DAG file read the way Airflow's DAG processor parses one: what it declares, and every problem found. */
export interface DagFileResult {
  readonly fileName: string;
  /** No error among the diagnostics: the DAGs may replace the running ones. */
  readonly ok: boolean;
  /**
   * The DAGs, each carrying the file as its `source`; a task is either a built-in `operator` or has a `callable` (a
   * function of the file). Empty when the file could not be evaluated; on other errors, what could be translated.
   */
  readonly dags: readonly DagDefinition[];
  /** Every `new Asset(...)` of the file. */
  readonly assets: readonly DatasetDefinition[];
  readonly diagnostics: readonly Diagnostic[];
  readonly locations: readonly DeclarationLocation[];
  /** What the file printed with console.* while it was read (at most 100 lines). */
  readonly logs: readonly string[];
  readonly timings: { readonly compileMs: number; readonly evaluateMs: number; readonly translateMs: number };
}
