import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import type { DagDefinition } from '../../core/dag';
import type { ParamSpec } from '../../core/params';
import { formatCount } from '../format';
import { usePlaygroundClient } from '../PlaygroundContext';
import { inNextTask } from '../inNextTask';
import { defaultFields, fieldsToParams, type FieldValue } from './paramFields';
import { MessageText, UserText } from '../UserText';
import { displayText, quoted } from '../../core/displayText';

/**
 * Airflow's "Trigger DAG w/ config" form: one field per declared param, prefilled with its default. A modal <dialog>
 * gives focus trapping, Escape and the return of focus to the Trigger button for free. The trigger's own validation
 * decides; its messages stay next to the form, which stays open until a run is created.
 */
export function TriggerForm({ dag, onClose }: { dag: DagDefinition; onClose: () => void }) {
  const specs = dag.params ?? {};
  const client = usePlaygroundClient();
  const dialog = useRef<HTMLDialogElement>(null);
  const [fields, setFields] = useState<Record<string, FieldValue>>(() => defaultFields(specs));
  const [errors, setErrors] = useState<readonly string[]>([]);
  // Remounts the alert on each refused submit, so a screen reader announces the same message again.
  const [attempt, setAttempt] = useState(0);
  const titleId = useId();
  const errorsId = useId();

  useEffect(() => {
    const el = dialog.current;
    // Opened in the task after the form's render: showModal makes the rest of the page inert and computes the whole
    // document's style and layout twice at once (~9 ms of the main thread here), and the click that renders the form
    // costs ~17 ms more; in one task they made the dialog's opening a 22-35 ms task (traced). Nothing is painted open
    // in between: the closed dialog shows nothing.
    inNextTask(() => {
      // StrictMode runs this effect twice on the same element; a second showModal on an open dialog throws. A form
      // closed before its turn is no longer in the document.
      if (!el?.isConnected) return;
      if (!el.open) el.showModal();
      // The first field rather than whatever showModal picks: that is what a person came to change.
      el.querySelector<HTMLElement>('input, select')?.focus();
    });
  }, []);

  const [sending, setSending] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (sending) return;
    const converted = fieldsToParams(specs, fields);
    setSending(true);
    // The params are checked where the run is created (this tab's playground or the scheduling tab's): a refusal
    // comes back at once, or after a round trip of a few ms, and shows here.
    const result = converted.ok ? await client.execute({ type: 'trigger', dagId: dag.id, params: converted.values }) : converted;
    setSending(false);
    // Closed in a task of its own: a modal dialog's close recomputes the whole document's style (nothing is inert any
    // more) and restores focus, which forces that at once, 9-23 ms here. The run's creation completes in the task of
    // its IndexedDB write, which also renders the new run; together they made the run's longest main-thread task.
    if (result.ok) inNextTask(() => dialog.current?.close());
    else {
      setErrors(result.errors);
      setAttempt((n) => n + 1);
    }
  };

  const names = Object.keys(specs);
  return (
    // `close` fires for Escape, Cancel and success alike: the parent unmounts the form then.
    <dialog ref={dialog} className="trigger-form" aria-labelledby={titleId} data-testid="trigger-form" onClose={onClose}>
      {/* noValidate: the browser's own min/max bubbles would block submit and hide the trigger's precise messages. */}
      <form onSubmit={(event) => void submit(event)} noValidate>
        <h2 id={titleId}>
          Trigger{' '}
          <code>
            <UserText text={dag.id} />
          </code>
        </h2>
        <p className="muted small">Run params (Airflow's "Trigger DAG w/ config"). Defaults are filled in.</p>
        {errors.length > 0 && (
          <div key={attempt} className="form-errors" role="alert" id={errorsId} data-testid="trigger-errors">
            <p>
              <span aria-hidden="true">✗ </span>No run was created:
            </p>
            <ul>
              {errors.map((message) => (
                <li key={message}>
                  <MessageText text={message} />
                </li>
              ))}
            </ul>
          </div>
        )}
        {names.map((name) => (
          <ParamField
            key={name}
            name={name}
            spec={specs[name]!}
            value={fields[name]!}
            invalid={errors.some((e) => e.includes(quoted(name)))}
            errorsId={errorsId}
            onChange={(value) => setFields((f) => ({ ...f, [name]: value }))}
          />
        ))}
        <div className="form-actions">
          <button type="button" onClick={() => dialog.current?.close()}>
            Cancel
          </button>
          <button type="submit" className="primary" data-testid="trigger-submit">
            ▶ Trigger
          </button>
        </div>
      </form>
    </dialog>
  );
}

interface ParamFieldProps {
  name: string;
  spec: ParamSpec;
  value: FieldValue;
  invalid: boolean;
  errorsId: string;
  onChange: (value: FieldValue) => void;
}

function ParamField({ name, spec, value, invalid, errorsId, onChange }: ParamFieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const common = {
    id,
    'data-testid': `param-${name}`,
    'aria-describedby': invalid ? `${hintId} ${errorsId}` : hintId,
    'aria-invalid': invalid || undefined,
  };

  let input: ReactNode;
  switch (spec.type) {
    case 'integer':
    case 'number':
      input = (
        <input
          {...common}
          type="number"
          inputMode={spec.type === 'integer' ? 'numeric' : 'decimal'}
          min={spec.minimum}
          max={spec.maximum}
          step={spec.type === 'integer' ? 1 : 'any'}
          value={String(value)}
          onChange={(e) => onChange(e.target.value)}
        />
      );
      break;
    case 'string':
      input = spec.enum ? (
        <select {...common} value={String(value)} onChange={(e) => onChange(e.target.value)}>
          {spec.enum.map((option) => (
            <option key={option} value={option}>
              {displayText(option)}
            </option>
          ))}
        </select>
      ) : (
        <input {...common} type="text" value={String(value)} onChange={(e) => onChange(e.target.value)} />
      );
      break;
    case 'boolean':
      input = <input {...common} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
      break;
  }

  return (
    <div className={spec.type === 'boolean' ? 'param-field is-checkbox' : 'param-field'}>
      <label htmlFor={id}>
        <code>
          <UserText text={name} />
        </code>
      </label>
      {input}
      <p className="muted small" id={hintId}>
        {spec.description && (
          <>
            <UserText text={spec.description} max={300} multiline />{' '}
          </>
        )}
        <span className="param-constraints">
          <MessageText text={constraints(spec)} />
        </span>
      </p>
    </div>
  );
}

/** The rules in words ("whole number, 0 – 20,640; default 0"), so nobody has to guess them from an error. */
function constraints(spec: ParamSpec): string {
  const parts: string[] = [];
  if (spec.type === 'integer' || spec.type === 'number') {
    parts.push(spec.type === 'integer' ? 'whole number' : 'number');
    const fmt = (n: number) => (Number.isInteger(n) ? formatCount(n) : String(n));
    if (spec.minimum !== undefined && spec.maximum !== undefined) parts.push(`${fmt(spec.minimum)} – ${fmt(spec.maximum)}`);
    else if (spec.minimum !== undefined) parts.push(`≥ ${fmt(spec.minimum)}`);
    else if (spec.maximum !== undefined) parts.push(`≤ ${fmt(spec.maximum)}`);
  } else if (spec.type === 'string' && spec.enum) {
    parts.push(`one of ${spec.enum.join(', ')}`);
  }
  return `(${[...parts, `default ${String(spec.default)}`].join(', ')})`;
}
