// Debian's Firefox ESR for Playwright's WebDriver BiDi backend (the `moz-firefox` channel).
//
// Playwright starts the browser at `executablePath` and reads from its stderr the line
// "WebDriver BiDi listening on ws://…". This program is that executable: it starts the real
// Firefox (AUTHCONF_FIREFOX_PATH) with the same arguments and stands between the two on the
// BiDi WebSocket. Everything passes through unchanged, except the commands ESR 153 lacks and
// Playwright sends for every new context, answered here with an empty success — nothing
// authconf checks depends on them (emulation.setMediaFeaturesOverride: prefers-color-scheme
// and the like). Every other command Firefox answers "unknown command" is appended to
// AUTHCONF_FIREFOX_UNKNOWN_COMMANDS, so a test notices a Playwright upgrade that needs more.
import { spawn } from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { WebSocket, WebSocketServer } from 'ws';

const ANSWERED_HERE = new Set(['emulation.setMediaFeaturesOverride']);
const LISTENING = /^WebDriver BiDi listening on (ws:\/\/\S+)$/;

const executable = process.env.AUTHCONF_FIREFOX_PATH;
if (!executable) {
  process.stderr.write('bidi-shim: AUTHCONF_FIREFOX_PATH names no Firefox\n');
  process.exit(2);
}
const firefox = spawn(executable, process.argv.slice(2), { stdio: ['inherit', 'inherit', 'pipe'] });
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, () => firefox.kill(signal));
firefox.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));

createInterface({ input: firefox.stderr }).on('line', (line) => {
  const listening = LISTENING.exec(line);
  if (!listening) {
    process.stderr.write(`${line}\n`);
    return;
  }
  const upstream = listening[1].replace(/\/$/, '');
  const server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  server.on('listening', () => process.stderr.write(`WebDriver BiDi listening on ws://127.0.0.1:${server.address().port}\n`));
  server.on('connection', (client, request) => relay(client, `${upstream}${request.url ?? ''}`));
});

function relay(client, url) {
  const firefoxSide = new WebSocket(url);
  const pending = [];
  const methods = new Map();
  const toFirefox = (data) => (firefoxSide.readyState === WebSocket.OPEN ? firefoxSide.send(data) : pending.push(data));
  firefoxSide.on('open', () => pending.splice(0).forEach((data) => firefoxSide.send(data)));

  client.on('message', (data) => {
    const text = data.toString();
    const command = JSON.parse(text);
    if (ANSWERED_HERE.has(command.method)) {
      client.send(JSON.stringify({ type: 'success', id: command.id, result: {} }));
      return;
    }
    methods.set(command.id, command.method);
    toFirefox(text);
  });
  firefoxSide.on('message', (data) => {
    const text = data.toString();
    const message = JSON.parse(text);
    if (message.id !== undefined) {
      const method = methods.get(message.id);
      methods.delete(message.id);
      if (message.type === 'error' && message.error === 'unknown command' && process.env.AUTHCONF_FIREFOX_UNKNOWN_COMMANDS) {
        appendFileSync(process.env.AUTHCONF_FIREFOX_UNKNOWN_COMMANDS, `${method}\n`);
      }
    }
    client.send(text);
  });
  client.on('close', () => firefoxSide.close());
  firefoxSide.on('close', () => client.close());
  firefoxSide.on('error', () => client.close());
  client.on('error', () => firefoxSide.close());
}
