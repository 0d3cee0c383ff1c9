// Runs one engine-test script in headless Chromium with `--js-flags=--jitless` (Debian's /usr/bin/chromium,
// never a browser downloaded by a tool), in a fresh profile, and copies the page's console lines to stdout.
// Exit code 1 if the page threw or never printed its ENGINE-RESULT line.
//   node --import tsx test/engines/chromium-host.ts .cache/engines/engine-test.js
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const CHROMIUM = '/usr/bin/chromium';
/** Below the harness's 240 s per engine. */
const PAGE_TIMEOUT_MS = 200_000;
const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--js-flags=--jitless',
];

async function main(): Promise<number> {
  const file = process.argv[2] ?? '';
  const profile = mkdtempSync(join(tmpdir(), 'purewasm-chromium-'));
  const page = join(dirname(file), 'engine-test.html');
  writeFileSync(page, `<!doctype html><meta charset="utf-8"><script src="${basename(file)}"></script>\n`);
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS });
  try {
    const tab = context.pages()[0] ?? (await context.newPage());
    let status = 1;
    const done = new Promise<void>((resolveDone) => {
      tab.on('console', (m) => {
        const text = m.text();
        process.stdout.write(text + '\n');
        if (text.startsWith('ENGINE-RESULT ')) {
          status = 0;
          resolveDone();
        }
      });
      tab.on('pageerror', (e) => {
        process.stdout.write(`FAIL chromium: page error ${e.name}: ${e.message}\n`);
        resolveDone();
      });
      // Give up before the harness kills this process, so that the browser is closed properly.
      setTimeout(() => {
        process.stdout.write(`FAIL chromium: no ENGINE-RESULT within ${PAGE_TIMEOUT_MS / 1000} s\n`);
        resolveDone();
      }, PAGE_TIMEOUT_MS).unref();
    });
    await tab.goto(pathToFileURL(page).href, { timeout: 0 });
    await done;
    return status;
  } finally {
    await context.close();
    rmSync(profile, { recursive: true, force: true });
  }
}

main().then(
  (code) => (process.exitCode = code),
  (e) => {
    process.stdout.write(`FAIL chromium host: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 2;
  },
);
