// The generator is plain JavaScript, shared with the editor bench that runs in Node.
export { fiftyTaskFile } from './fiftyTaskFile.mjs';
