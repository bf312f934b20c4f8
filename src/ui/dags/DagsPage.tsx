import { ImportDags } from '../export/ImportDags';

/** All DAGs at a glance (Airflow's DAGs page). */
export function DagsPage() {
  return (
    <section className="dags-page" aria-labelledby="dags-title" data-testid="dags-page">
      <h2 id="dags-title">DAGs</h2>
      <ImportDags />
    </section>
  );
}
