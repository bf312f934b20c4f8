/**
 * Lookups in records keyed by ids a person chooses (DAG, task, dataset, pool and param names). Such an id may be the
 * name of an `Object.prototype` property — `__proto__`, `constructor`, `toString` all pass the id pattern — and a
 * plain `record[id]` then finds the inherited property instead of nothing: a DAG is "registered twice", a queue is a
 * function. Reading through `own` sees own properties only, which holds for records that were spread, structured
 * cloned (postMessage, IndexedDB) or parsed from JSON alike, since all of those keep an id as an own property.
 *
 * Writing is safe as a computed key in an object literal or spread (`{ ...record, [id]: value }`) or with
 * `Object.fromEntries`; an assignment `record[id] = value` is not (`__proto__` would set the prototype), so records
 * filled by assignment start from `ownRecord()`, which has no prototype.
 */
export function own<V>(record: { readonly [key: string]: V } | null | undefined, key: string): V | undefined {
  return record != null && Object.hasOwn(record, key) ? record[key] : undefined;
}

/** An empty record without a prototype: safe to fill by assignment with any id. */
export function ownRecord<K extends string, V>(): Record<K, V> {
  return Object.create(null) as Record<K, V>;
}
