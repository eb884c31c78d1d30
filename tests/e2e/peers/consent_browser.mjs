// SPDX-License-Identifier: MIT
// A real browser on the simulator's OAuth consent page, the way a presenter
// uses it: headless Chromium (Debian's `chromium`) loads the authorization
// URL, we check that the page says it is the simulator, take a screenshot,
// click Approve, and screenshot the answer.  Chrome DevTools Protocol over
// Node's own WebSocket (node --experimental-websocket on Node 20): no npm
// package.
//   node --experimental-websocket consent_browser.mjs URL OUT_DIR
// Prints one JSON line {"ok":bool,"notice":bool,"approved":bool,...}.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const [url, outDir] = process.argv.slice(2);
const chromium = process.env.AO_CHROMIUM || 'chromium';
const profile = fs.mkdtempSync(path.join(outDir, 'chromium-profile-'));
const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const browser = spawn(chromium, ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-dev-shm-usage', '--remote-debugging-port=0', `--user-data-dir=${profile}`,
  '--window-size=1000,800', 'about:blank'], { stdio: ['ignore', 'ignore', 'pipe'] });
let stderr = '';
browser.stderr.on('data', (d) => { stderr += d; });

async function until(what, fn, ms = 30000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

let ws;
try {
  // Chromium writes its port to DevToolsActivePort once it listens
  const portFile = path.join(profile, 'DevToolsActivePort');
  const port = await until('DevToolsActivePort', () =>
    fs.existsSync(portFile) && fs.readFileSync(portFile, 'utf8').split('\n')[0]);
  const targets = await until('a page target', async () => {
    const t = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
    return t.find((x) => x.type === 'page') && t;
  });
  ws = new WebSocket(targets.find((x) => x.type === 'page').webSocketDebuggerUrl);
  await new Promise((res, rej) => { ws.onopen = res; ws.onerror = rej; });
  let next = 1;
  const pending = new Map();
  ws.onmessage = (ev) => {
    const m = JSON.parse(ev.data);
    if (m.id && pending.has(m.id)) { pending.get(m.id)(m); pending.delete(m.id); }
  };
  const send = (method, params = {}) => new Promise((res) => {
    const id = next++;
    pending.set(id, res);
    ws.send(JSON.stringify({ id, method, params }));
  });
  const evaluate = async (expr) => (await send('Runtime.evaluate', { expression: expr, returnByValue: true })).result?.result?.value;
  const shot = async (file) => {
    const r = await send('Page.captureScreenshot', { format: 'png' });
    fs.writeFileSync(path.join(outDir, file), Buffer.from(r.result.data, 'base64'));
  };

  await send('Page.enable');
  await send('Page.navigate', { url });
  await until('the consent page', () => evaluate('document.readyState === "complete" && !!document.getElementById("approve")'));
  const text = await evaluate('document.body.innerText');
  const notice = /This is the agent-onboard simulator/.test(text) && /simulator/i.test(await evaluate('document.title'));
  await shot('consent.png');
  await evaluate('document.getElementById("approve").click()');
  const done = await until('the answer to Approve', async () => {
    const t = await evaluate('document.readyState === "complete" && !document.getElementById("approve") && document.body.innerText');
    return t || null;
  });
  await shot('approved.png');
  out({ ok: true, notice, approved: /complete|approved/i.test(done), title: await evaluate('document.title'), after: done.slice(0, 200) });
} catch (e) {
  out({ ok: false, error: String(e && e.message || e), stderr: stderr.slice(-400) });
} finally {
  try { ws && ws.close(); } catch { /* closing anyway */ }
  browser.kill('SIGTERM');
  await Promise.race([new Promise((r) => browser.once('exit', r)), sleep(5000)]);
  if (browser.exitCode === null) browser.kill('SIGKILL');
  fs.rmSync(profile, { recursive: true, force: true });
}
