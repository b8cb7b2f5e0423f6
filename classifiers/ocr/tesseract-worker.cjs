'use strict';
/**
 * Worker-thread entry for the tesseract.js pool: tesseract.js's own Node worker
 * script (from node_modules, nothing fetched), with one defect worked around.
 *
 * tesseract.js 7.0.0's `initialize` step sends 'reject' and then 'resolve' for
 * the same job when the language data cannot be loaded (a missing `return`).
 * In the parent the second message hits a deleted promise and throws a
 * TypeError out of a message listener, which ends the whole process, and
 * createWorker() never settles. Here every job settles once, and a worker whose
 * start-up failed ends its thread: the pool learns of the failure through
 * tesseract.js's errorHandler and nothing is left running.
 */
const { parentPort } = require('node:worker_threads');

const STARTUP_ACTIONS = new Set(['load', 'loadLanguage', 'initialize']);
const settled = new Set();
const post = parentPort.postMessage.bind(parentPort);

parentPort.postMessage = (message, transfer) => {
  if (message && (message.status === 'resolve' || message.status === 'reject')) {
    const key = `${message.action}-${message.jobId}`;
    if (settled.has(key)) return;
    settled.add(key);
    if (message.status === 'reject' && STARTUP_ACTIONS.has(message.action)) {
      post(message, transfer);
      // In a worker thread process.exit() ends this thread only; let the message go out first.
      setImmediate(() => process.exit(1));
      return;
    }
  }
  post(message, transfer);
};

require('tesseract.js/src/worker-script/node/index.js');
