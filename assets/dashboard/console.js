// The console: a one-off dyno (`run.N`) in a pseudo-terminal on the server, shown by xterm.js at
// Heroku's 80×24 until the user fits it to the panel. Closing it (or the tab) kills the dyno.
/* global document, window, WebSocket, location, URLSearchParams */
import { Terminal } from '/vendor/xterm.mjs';
import { FitAddon } from '/vendor/addon-fit.mjs';

const byId = (id) => document.getElementById(id);

export function setUpConsole() {
  let terminal;
  let socket;
  let fit;
  let fitting = false;
  const status = byId('console-status');
  const buttons = (open) => {
    byId('console-open').disabled = open;
    byId('console-fit').disabled = !open;
    byId('console-close').disabled = !open;
  };
  const sendSize = () => {
    if (socket?.readyState === WebSocket.OPEN)
      socket.send(`1${JSON.stringify({ cols: terminal.cols, rows: terminal.rows })}`);
  };

  byId('console-form').addEventListener('submit', (event) => {
    event.preventDefault();
    terminal?.dispose();
    terminal = new Terminal({ cols: 80, rows: 24, convertEol: false, cursorBlink: true });
    fit = new FitAddon();
    terminal.loadAddon(fit);
    terminal.open(byId('terminal'));
    const command = byId('console-command').value;
    const query = new URLSearchParams({
      command,
      cols: String(terminal.cols),
      rows: String(terminal.rows),
    });
    socket = new WebSocket(`ws://${location.host}/ws/console?${query}`);
    const current = socket;
    status.textContent = 'starting…';
    buttons(true);
    socket.addEventListener('open', () => {
      status.textContent = 'connected';
      terminal.focus();
    });
    socket.addEventListener('message', (message) => terminal.write(message.data));
    socket.addEventListener('close', (closed) => {
      if (socket !== current) return;
      status.textContent = closed.reason ? `ended: ${closed.reason}` : 'ended';
      buttons(false);
    });
    terminal.onData((data) => {
      if (current.readyState === WebSocket.OPEN) current.send(`0${data}`);
    });
    terminal.onResize(sendSize);
  });
  byId('console-fit').addEventListener('click', () => {
    fitting = !fitting;
    byId('terminal').classList.toggle('fit', fitting);
    byId('console-fit').textContent = fitting ? '80×24' : 'Fit to panel';
    if (fitting) fit?.fit();
    else terminal?.resize(80, 24);
  });
  window.addEventListener('resize', () => {
    if (fitting) fit?.fit();
  });
  byId('console-close').addEventListener('click', () => socket?.close());
}
