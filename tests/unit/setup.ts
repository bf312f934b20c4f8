// IndexedDB for the storage tests, in Node: fake-indexeddb implements the same API the browser gives idb.
import 'fake-indexeddb/auto';
