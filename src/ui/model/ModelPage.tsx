/** The consumer's models: live training, metrics across runs, predictions. */
export function ModelPage() {
  return (
    <section className="model-page" aria-labelledby="model-title" data-testid="model-page">
      <h2 id="model-title">Model</h2>
    </section>
  );
}
