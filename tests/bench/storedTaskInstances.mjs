// Every task instance record of the playground's IndexedDB, read in the page (the benches take tries' times and
// results from what the runtime stored, not from the UI).
export function storedTaskInstances(page) {
  return page.evaluate(async () => {
    const db = await new Promise((resolve, reject) => {
      const request = indexedDB.open('pipeline-playground');
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const all = await new Promise((resolve) => {
      // Several to a record, by run (src/runtime/storage/taskBlocks.ts): one object per instance, with its runId.
      const request = db.transaction('taskBlocks').objectStore('taskBlocks').getAll();
      request.onsuccess = () => resolve(request.result.flatMap((block) => block.tasks.map((ti) => ({ ...ti, runId: block.runId }))));
    });
    db.close();
    return all;
  });
}
