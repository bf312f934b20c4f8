/**
 * JSON paths as a person reads them in an error message: `dags[0].tasks[3].upstream[1]`, `dags[0].params.epochs`,
 * `dags[0].params["odd key"]`. The document's root is `(root)`.
 */
export type JsonPath = string;

export const ROOT: JsonPath = '';

export const at = (path: JsonPath, key: string | number): JsonPath => {
  if (typeof key === 'number') return `${path}[${key}]`;
  if (/^[A-Za-z_$][\w$]*$/.test(key)) return path === ROOT ? key : `${path}.${key}`;
  return `${path}[${JSON.stringify(key)}]`;
};

export const showPath = (path: JsonPath): string => (path === ROOT ? '(root)' : path);
