// A worker process of the spec runner: receives files over IPC, runs each, sends back its FileResult.
import { enginesByName } from './engines.js';
import { cacheDirOf, runFile } from './run-file.js';
import { projectRoot, sharedDir, type SpecFile } from './suites.js';

const enginesPromise = enginesByName(process.env.PUREWASM_SPEC_ENGINE ?? 'purewasm');

process.on('message', async (msg: { file: SpecFile }) => {
  const engines = await enginesPromise;
  const result = await runFile(msg.file, engines, sharedDir(), cacheDirOf(projectRoot));
  process.send!({ result });
});
process.send!({ ready: true });
