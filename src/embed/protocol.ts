import * as v from 'valibot';
import { TASK_STATES } from '../core/states';

/**
 * The postMessage protocol between a host page and an embedded playground (`?embed=1`), version 1. Every message is
 * a plain object keyed on `type`, checked on receipt with the schemas below, both ways: a host may be anyone's page,
 * and an embed may be any page a host framed. A host's request may carry a `requestId`; the answer to it (pp:loaded,
 * pp:state, pp:run-finished, pp:error) carries the same one. `src/embed/client.ts` is the host's side, typed.
 *
 * host → embed: pp:load (a DAG file, shown and deployed at the next run), pp:run (deploy if needed, then trigger the
 *   named DAG, or the lesson's trigger list, or the file's first DAG), pp:get-state.
 * embed → host: pp:ready (once booted), pp:run-state (each change of a run the embed started or that those runs'
 *   assets triggered), pp:run-finished (all of them ended: the final states), pp:loaded, pp:state, pp:error.
 */
export const EMBED_PROTOCOL_VERSION = 1;

/** The largest DAG file a host may load (characters): a lesson is ~4 kB, the editor's own limit is far above this. */
export const MAX_LOADED_FILE_CHARS = 200_000;

const requestId = v.optional(v.pipe(v.number(), v.safeInteger()));
const fileName = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_.-]{1,80}\.ts$/, 'a file name such as my_dag.ts (letters, digits, "_", "-", ".")'));
const shortText = v.pipe(v.string(), v.maxLength(200));

export const hostMessageSchema = v.variant('type', [
  v.strictObject({
    type: v.literal('pp:load'),
    requestId,
    file: v.strictObject({ name: fileName, text: v.pipe(v.string(), v.maxLength(MAX_LOADED_FILE_CHARS, `a file of at most ${MAX_LOADED_FILE_CHARS} characters`)) }),
  }),
  v.strictObject({ type: v.literal('pp:run'), requestId, dagId: v.optional(v.pipe(shortText, v.minLength(1))) }),
  v.strictObject({ type: v.literal('pp:get-state'), requestId }),
]);
export type HostMessage = v.InferOutput<typeof hostMessageSchema>;

const taskState = v.picklist(TASK_STATES);
const runStateValue = v.picklist(['queued', 'running', 'success', 'failed']);

export const runStateSchema = v.strictObject({
  runId: shortText,
  dagId: shortText,
  state: runStateValue,
  tasks: v.record(shortText, taskState),
  /** Tries per task (the latest try's number), for checks such as "fetch took two tries". */
  tries: v.record(shortText, v.pipe(v.number(), v.safeInteger(), v.minValue(0))),
});
export type EmbedRunState = v.InferOutput<typeof runStateSchema>;

export const embedMessageSchema = v.variant('type', [
  v.strictObject({ type: v.literal('pp:ready'), embedId: shortText, version: v.literal(EMBED_PROTOCOL_VERSION) }),
  v.strictObject({ type: v.literal('pp:run-state'), ...runStateSchema.entries }),
  v.strictObject({
    type: v.literal('pp:run-finished'),
    requestId,
    /** Every run of this Run, in creation order, as it ended. */
    runs: v.array(runStateSchema),
    /** True when every run ended in success. */
    ok: v.boolean(),
  }),
  v.strictObject({ type: v.literal('pp:loaded'), requestId, fileName: shortText }),
  v.strictObject({
    type: v.literal('pp:state'),
    requestId,
    embedId: shortText,
    status: v.picklist(['booting', 'ready', 'failed']),
    fileName: v.nullable(shortText),
    running: v.boolean(),
    runs: v.array(runStateSchema),
  }),
  v.strictObject({ type: v.literal('pp:error'), requestId, message: v.pipe(v.string(), v.maxLength(2000)) }),
]);
export type EmbedMessage = v.InferOutput<typeof embedMessageSchema>;

/** A host's message, or null for anything else (wrong shape, unknown type, a file too large): ignored or refused. */
export function readHostMessage(data: unknown): { ok: true; message: HostMessage } | { ok: false; error: string } | null {
  if (typeof data !== 'object' || data === null || typeof (data as { type?: unknown }).type !== 'string') return null;
  if (!(data as { type: string }).type.startsWith('pp:')) return null;
  const parsed = v.safeParse(hostMessageSchema, data);
  if (parsed.success) return { ok: true, message: parsed.output };
  const issue = parsed.issues[0];
  const where = issue.path?.map((p) => String(p.key)).join('.') ?? '';
  return { ok: false, error: `A ${(data as { type: string }).type.slice(0, 40)} message was refused: ${where ? `${where}: ` : ''}${issue.message}` };
}

/** Checks what the embed is about to send (a test guards the sender; a host checks again on its side). */
export const isEmbedMessage = (data: unknown): data is EmbedMessage => v.is(embedMessageSchema, data);

/**
 * Which senders an embed obeys: those allowed by `?origin=`, or, without it, its own origin (a same-origin parent).
 * Only its parent frame is listened to: another frame of the same host cannot drive it.
 */
export function allowedOrigins(fromUrl: readonly string[], ownOrigin: string): readonly string[] {
  return fromUrl.length > 0 ? fromUrl : [ownOrigin];
}
