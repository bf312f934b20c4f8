import { assertNever } from '../../core/states';

/** Which Airflow an export is written for: 3 (the default: `airflow.sdk`, assets) or 2 (2.9–2.10: datasets). */
export type AirflowVersion = 2 | 3;

export const AIRFLOW_VERSIONS: readonly AirflowVersion[] = [3, 2];
export const DEFAULT_AIRFLOW_VERSION: AirflowVersion = 3;

/**
 * The vocabulary of one Airflow version: imports, the asset (dataset) class and how a module names it, the context
 * key of triggering events, how exponential backoff is switched on, and how the docs spell "DAG". Everything else
 * the two versions share.
 */
export interface Flavour {
  readonly version: AirflowVersion;
  /** "Apache Airflow 3.2+" or "Apache Airflow 2.9-2.10", for docstrings and comments. */
  readonly label: string;
  /** Airflow 3's docs write "Dag"; Airflow 2's "DAG". */
  readonly dagWord: 'Dag' | 'DAG';
  /** "asset" or "dataset", for comments. */
  readonly assetWord: 'asset' | 'dataset';
  readonly importLines: readonly string[];
  /** The Python names the imports bind (no DAG or task may take them). */
  readonly importedNames: readonly string[];
  /** Prefix of the module-level variable of each asset: ASSET_BUILT_FEATURES or DATASET_BUILT_FEATURES. */
  readonly assetVariablePrefix: string;
  /** The constructor call of one asset, from its (dataset) id and its normalized URI, both as Python literals. */
  assetCall(nameLiteral: string, uriLiteral: string): string;
  /** The Python literal of `retry_exponential_backoff` for the playground's boolean. */
  backoffLiteral(on: boolean): string;
  /** Whether `context["outlet_events"][asset].extra` may be set (Airflow 3; 2.9 lacks it, so the 2 export skips it). */
  readonly outletEventExtra: boolean;
}

const AIRFLOW_3: Flavour = {
  version: 3,
  label: 'Apache Airflow 3.2+',
  dagWord: 'Dag',
  assetWord: 'asset',
  importLines: ['from airflow.sdk import Asset, Param, TriggerRule, dag, task'],
  importedNames: ['Asset', 'Param', 'TriggerRule', 'dag', 'task'],
  assetVariablePrefix: 'ASSET_',
  assetCall: (name, uri) => `Asset(name=${name}, uri=${uri})`,
  // Since Airflow 3.2, retry_exponential_backoff is the multiplier (2.0 doubles each wait; True would be 1: no backoff).
  backoffLiteral: (on) => (on ? '2.0' : '0'),
  outletEventExtra: true,
};

const AIRFLOW_2: Flavour = {
  version: 2,
  label: 'Apache Airflow 2.9-2.10',
  dagWord: 'DAG',
  assetWord: 'dataset',
  importLines: [
    'from airflow.datasets import Dataset',
    'from airflow.decorators import dag, task',
    'from airflow.models.param import Param',
    'from airflow.utils.trigger_rule import TriggerRule',
  ],
  importedNames: ['Dataset', 'Param', 'TriggerRule', 'dag', 'task'],
  assetVariablePrefix: 'DATASET_',
  assetCall: (_name, uri) => `Dataset(${uri})`,
  backoffLiteral: (on) => (on ? 'True' : 'False'),
  outletEventExtra: false,
};

export function flavourOf(version: AirflowVersion): Flavour {
  switch (version) {
    case 3:
      return AIRFLOW_3;
    case 2:
      return AIRFLOW_2;
    default:
      return assertNever(version, 'Airflow version');
  }
}

/** Reads `--airflow 2|3` (or a menu's value); anything else is refused with what is expected. */
export function parseAirflowVersion(text: string): AirflowVersion {
  const version = Number(text);
  if (version === 2 || version === 3) return version;
  throw new RangeError(`The Airflow version must be 3 (the default: Airflow 3.2+) or 2 (Airflow 2.9-2.10), got ${JSON.stringify(text)}.`);
}
