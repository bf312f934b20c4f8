import * as v from 'valibot';
import { dagIdSchema, datasetIdSchema, jsonObjectSchema, logLineSchema, runIdSchema, taskIdSchema } from '../wireSchemas';
import { MARK_STATES, type CommandResults, type CommandType, type PlaygroundCommand } from './playgroundCommand';

/**
 * The command union and each command's result as schemas, for what crosses the tab channel: a scheduling tab checks
 * a forwarded command before it acts, a mirroring tab checks the answer against what that command answers. Keyed by
 * command type, so a command without a schema does not compile.
 */
const mark = v.picklist(MARK_STATES);

const COMMAND_SCHEMAS = {
  trigger: v.object({ type: v.literal('trigger'), dagId: dagIdSchema, params: jsonObjectSchema }),
  setPaused: v.object({ type: v.literal('setPaused'), dagId: dagIdSchema, paused: v.boolean() }),
  clearTask: v.object({ type: v.literal('clearTask'), runId: runIdSchema, taskId: taskIdSchema, downstream: v.boolean() }),
  markTask: v.object({ type: v.literal('markTask'), runId: runIdSchema, taskId: taskIdSchema, state: mark }),
  markRun: v.object({ type: v.literal('markRun'), runId: runIdSchema, state: mark }),
  createDatasetEvent: v.object({ type: v.literal('createDatasetEvent'), datasetId: datasetIdSchema }),
  importDags: v.object({ type: v.literal('importDags'), text: v.string() }),
  resetDags: v.object({ type: v.literal('resetDags') }),
  resetAllData: v.object({ type: v.literal('resetAllData') }),
  readRunLogs: v.object({ type: v.literal('readRunLogs'), runId: runIdSchema }),
  changeSettings: v.object({ type: v.literal('changeSettings'), changes: jsonObjectSchema }),
  setFailNextTry: v.object({ type: v.literal('setFailNextTry'), dagId: dagIdSchema, taskId: taskIdSchema, armed: v.boolean() }),
} satisfies { readonly [K in CommandType]: v.GenericSchema<unknown, Extract<PlaygroundCommand, { type: K }>> };

export const commandSchema = v.variant('type', Object.values(COMMAND_SCHEMAS));

const refusedSchema = v.object({ ok: v.literal(false), errors: v.array(v.string()) });
const done = <T extends v.ObjectEntries>(entries: T) => v.variant('ok', [v.object({ ok: v.literal(true), ...entries }), refusedSchema]);
const dagsChanged = done({
  summary: v.object({ added: v.array(v.string()), replaced: v.array(v.string()), removed: v.array(v.string()) }),
  datasets: v.array(v.object({ id: datasetIdSchema, uri: v.string(), description: v.optional(v.string()) })),
});

const RESULT_SCHEMAS = {
  trigger: done({ runId: runIdSchema }),
  setPaused: done({}),
  clearTask: done({}),
  markTask: done({}),
  markRun: done({}),
  createDatasetEvent: done({}),
  importDags: dagsChanged,
  resetDags: dagsChanged,
  resetAllData: done({}),
  readRunLogs: done({ lines: v.array(logLineSchema) }),
  changeSettings: done({}),
  setFailNextTry: done({}),
} satisfies { readonly [K in CommandType]: v.GenericSchema<unknown, CommandResults[K]> };

/** A forwarded command, or null when it is not one (the channel is open to any script of the origin). */
export function parseCommand(value: unknown): PlaygroundCommand | null {
  const parsed = v.safeParse(commandSchema, value);
  return parsed.success ? (parsed.output as PlaygroundCommand) : null;
}

/** An answer checked against what `type` answers; undefined when it does not fit. */
export function parseCommandResult<K extends CommandType>(type: K, value: unknown): CommandResults[K] | undefined {
  const parsed = v.safeParse(RESULT_SCHEMAS[type] as v.GenericSchema<unknown, CommandResults[K]>, value);
  return parsed.success ? parsed.output : undefined;
}
