import * as v from 'valibot';
import type { DatasetDefinition } from '../core/dag';
import { MAX_DOCUMENT_BYTES, type DagDocument } from './dagDocument';
import { dagDocumentSchema } from './dagDocumentSchema';
import { documentRuleErrors, type ImportContext } from './documentRules';
import { at, ROOT, showPath, type JsonPath } from './jsonPath';

export type { ImportContext } from './documentRules';
export { ID_PATTERN } from './dagDocumentSchema';

/**
 * Checks a DAG document (see dagDocument.ts) against its schema (dagDocumentSchema.ts: types, required and unknown
 * properties, enums, ranges, param defaults) and then against the rules a schema cannot say (documentRules.ts and
 * core/validate.ts). Every error carries the JSON path of the offending value.
 */
export interface DocumentError {
  readonly path: JsonPath;
  readonly message: string;
}

export const errorText = (error: DocumentError): string => `${showPath(error.path)}: ${error.message}`;

export type DocumentResult =
  | { readonly ok: true; readonly document: DagDocument }
  | { readonly ok: false; readonly errors: readonly DocumentError[] };


/** Parses and checks a file's text; a file that is not JSON gets one error saying where it broke. */
export function parseDagDocument(text: string, context: ImportContext): DocumentResult {
  if (text.length > MAX_DOCUMENT_BYTES) {
    return { ok: false, errors: [{ path: ROOT, message: `the file is too large (${text.length} characters; at most ${MAX_DOCUMENT_BYTES})` }] };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, errors: [{ path: ROOT, message: `not valid JSON: ${error instanceof Error ? error.message : String(error)}` }] };
  }
  return validateDagDocument(value, context);
}

export function validateDagDocument(value: unknown, context: ImportContext): DocumentResult {
  const parsed = v.safeParse(dagDocumentSchema, value);
  const errors = parsed.success ? [] : inPersonOrder(parsed.issues.map(documentErrorOf));
  // The rules come DAG by DAG, after that DAG's schema errors; errors outside the DAG list come first.
  const rules = documentRuleErrors(value, context);
  const dagOf = (error: DocumentError) => /^dags\[(\d+)\]/.exec(error.path)?.[1];
  const merged: DocumentError[] = errors.filter((e) => dagOf(e) === undefined);
  const count = typeof value === 'object' && value !== null && Array.isArray((value as { dags?: unknown }).dags) ? (value as { dags: unknown[] }).dags.length : 0;
  for (let i = 0; i < count; i++) merged.push(...errors.filter((e) => dagOf(e) === String(i)), ...(rules.get(i) ?? []));
  // The document as it came (the schema changes no value): an export of it writes the same text again.
  return merged.length > 0 ? { ok: false, errors: merged } : { ok: true, document: value as DagDocument };
}

/** A schema issue as a person reads it: the message the schema wrote, at the JSON path of the value it is about. */
function documentErrorOf(issue: v.BaseIssue<unknown>): DocumentError & { readonly keyIssue: boolean } {
  const keys = (issue.path ?? []).map((item) => item.key as string | number);
  // A missing property is about the object that lacks it; an unknown one about the property itself.
  const missing = issue.message.startsWith('missing required property');
  const path = (missing ? keys.slice(0, -1) : keys).reduce<JsonPath>((p, key) => at(p, key), ROOT);
  return { path, message: issue.message, keyIssue: missing || issue.message.startsWith('unknown property') };
}

/**
 * The order a person reads best, and the one the messages always had: for each object, its missing and unknown
 * properties first, then what is wrong inside it, property by property in schema order.
 */
function inPersonOrder(errors: readonly (DocumentError & { readonly keyIssue: boolean })[]): DocumentError[] {
  // The object a missing property is about is its path; an unknown property's object is its parent.
  const ownerOf = (e: DocumentError & { keyIssue: boolean }) => (e.message.startsWith('unknown property') ? parentOf(e.path) : e.path);
  const ordered: (DocumentError & { readonly keyIssue: boolean })[] = [];
  for (const error of errors) {
    const owner = error.keyIssue ? ownerOf(error) : null;
    const before = owner === null ? -1 : ordered.findIndex((e) => within(e.path, owner) && !(e.keyIssue && ownerOf(e) === owner));
    if (before < 0) ordered.push(error);
    else ordered.splice(before, 0, error);
  }
  return ordered.map(({ path, message }) => ({ path, message }));
}

const parentOf = (path: JsonPath): JsonPath => path.replace(/(\.[A-Za-z_$][\w$]*|\[[^\]]*\])$/, '');
const within = (path: JsonPath, owner: JsonPath) => owner === ROOT || path === owner || path.startsWith(`${owner}.`) || path.startsWith(`${owner}[`);

/** Dataset ids a document defines, for a caller that merges them into the playground's list. */
export const documentDatasets = (document: DagDocument): readonly DatasetDefinition[] => document.datasets ?? [];
