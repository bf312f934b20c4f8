import { usePlayground, usePlaygroundStore } from '../PlaygroundContext';
import { useReadDatabase } from '../datasets/readDatabase';
import { ModelDetail } from './ModelDetail';
import { ModelVersionsTable } from './ModelVersionsTable';
import { modelsKey, useStoredModels } from './storedModels';
import { TrainingPanel } from './TrainingPanel';
import './model.css';
import { MessageText, UserText } from '../UserText';

/**
 * The consumer's models, as TensorFlow Playground shows a model learning: the live training curve, every stored
 * version compared across runs, and the selected version's metrics, actions and predictions.
 */
export function ModelPage() {
  const store = usePlaygroundStore();
  const selectedModelId = usePlayground((s) => s.selectedModelId);
  const key = usePlayground(modelsKey);
  const { db, error: dbError } = useReadDatabase();
  const state = useStoredModels(db, key);
  const models = state.status === 'ready' ? state.models : [];
  const selected = models.find((m) => m.id === selectedModelId) ?? models[0] ?? null;
  const unknownSelection = state.status === 'ready' && selectedModelId !== null && !models.some((m) => m.id === selectedModelId);

  return (
    <section className="model-page" aria-labelledby="model-title" data-testid="model-page">
      <h2 id="model-title">Model</h2>
      {dbError && (
        <p className="error-text" role="alert">
          {dbError}
        </p>
      )}
      {state.status === 'error' && (
        <p className="error-text" role="alert">
          Could not read the stored models: <MessageText text={state.message} />
        </p>
      )}
      {unknownSelection && (
        <p className="banner warning" role="status" data-testid="model-unknown">
          No stored model "<UserText text={selectedModelId ?? ''} />" (deleted, or from another browser): showing the newest instead.
        </p>
      )}
      <TrainingPanel model={selected} />
      {state.status === 'ready' && models.length === 0 ? (
        <p className="muted panel" data-testid="models-empty">
          No model stored yet. Trigger ml_producer: its built_features event starts ml_consumer, which trains one.
        </p>
      ) : (
        <section className="panel" aria-label="Model versions">
          <ModelVersionsTable models={models} selectedId={selected?.id ?? null} onSelect={(id) => store.setState({ selectedModelId: id })} />
        </section>
      )}
      {selected && <ModelDetail key={selected.id} model={selected} />}
    </section>
  );
}
