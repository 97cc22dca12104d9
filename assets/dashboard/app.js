// The dashboard page: the dyno table, the live log, releases and config vars, fed by one
// WebSocket (/ws/events) and steered through the JSON API. Runs in the browser, no build step.
/* global document, window, WebSocket, fetch, location */
import { setUpConsole } from './console.js';

const MAX_LOG_LINES = 1000;
/** Foreman's dyno colours (no red: it reads as an error). */
const PALETTE = [
  '#06989a',
  '#c4a000',
  '#4e9a06',
  '#b548c6',
  '#3465a4',
  '#34e2e2',
  '#fce94f',
  '#8ae234',
];

const byId = (id) => document.getElementById(id);

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === 'className') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  for (const child of children) node.append(child);
  return node;
}

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = await response.json();
  if (!response.ok) throw new Error(data.hint ? `${data.error}. ${data.hint}` : data.error);
  return data;
}

function duration(ms) {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  const hours = Math.floor(minutes / 60);
  return `${hours}h ${minutes % 60}m`;
}

function bytes(value) {
  if (value === undefined || value === null) return '';
  if (value < 1024 * 1024) return `${(value / 1024).toFixed(0)} KB`;
  return `${(value / 1024 / 1024).toFixed(1)} MB`;
}

// ---- dyno table -------------------------------------------------------------------------

let snapshot;
let clockOffset = 0;
let lastRelease;

function report(target, promise, success) {
  target.textContent = '…';
  target.className = '';
  promise.then(
    (data) => (target.textContent = success(data)),
    (error) => {
      target.textContent = error.message;
      target.className = 'error';
    },
  );
}

const actionResult = () => byId('action-result');

function scale(type, op) {
  report(
    actionResult(),
    api('POST', '/api/scale', { type, op, amount: 1 }),
    (data) =>
      `Scaled to ${data.formation.map(([name, quantity]) => `${name}@${quantity}`).join(' ')}`,
  );
}

function dynoAction(action, target) {
  report(
    actionResult(),
    api('POST', `/api/${action}`, { target }),
    (data) =>
      `${action === 'stop' ? 'Stopped' : 'Restarted'} ${data.dynos.join(', ') || 'nothing'}`,
  );
}

function renderDynos() {
  if (snapshot === undefined) return;
  const now = Date.now() + clockOffset;
  const rows = [];
  const quantities = new Map(snapshot.formation);
  for (const type of snapshot.types) {
    const quantity = quantities.get(type) ?? 0;
    rows.push(
      element(
        'tr',
        { className: 'type-row', 'data-type': type },
        element('td', { colspan: '8' }, `${type}: ${quantity} dyno${quantity === 1 ? '' : 's'}`),
        element(
          'td',
          {},
          element(
            'button',
            {
              type: 'button',
              title: `scale ${type} down`,
              'data-action': `scale-down-${type}`,
              onclick: () => scale(type, '-'),
            },
            '−',
          ),
          ' ',
          element(
            'button',
            {
              type: 'button',
              title: `scale ${type} up`,
              'data-action': `scale-up-${type}`,
              onclick: () => scale(type, '+'),
            },
            '+',
          ),
          ' ',
          element(
            'button',
            { type: 'button', onclick: () => dynoAction('restart', type) },
            'restart',
          ),
        ),
      ),
    );
    for (const dyno of snapshot.dynos.filter((item) => item.type === type && !item.oneOff))
      rows.push(dynoRow(dyno, now));
  }
  const oneOffs = snapshot.dynos.filter((dyno) => dyno.oneOff);
  if (oneOffs.length > 0) {
    rows.push(
      element('tr', { className: 'type-row' }, element('td', { colspan: '9' }, 'one-off dynos')),
    );
    for (const dyno of oneOffs) rows.push(dynoRow(dyno, now));
  }
  byId('dyno-rows').replaceChildren(...rows);
}

function dynoRow(dyno, now) {
  const up = dyno.state === 'up';
  return element(
    'tr',
    { 'data-dyno': dyno.name, 'data-state': dyno.state },
    element('td', {}, dyno.name),
    element('td', { className: `state-${dyno.state}` }, dyno.state),
    element(
      'td',
      {},
      up ? duration(now - dyno.stateSince) : `since ${duration(now - dyno.stateSince)}`,
    ),
    element('td', {}, String(dyno.restarts)),
    element('td', {}, dyno.port === undefined ? '' : String(dyno.port)),
    element('td', {}, dyno.cpuPercent === undefined ? '' : `${dyno.cpuPercent.toFixed(1)}%`),
    element('td', {}, bytes(dyno.memoryBytes)),
    element('td', { className: 'command', title: dyno.command }, dyno.command),
    element(
      'td',
      {},
      dyno.oneOff
        ? ''
        : element(
            'button',
            { type: 'button', onclick: () => dynoAction('restart', dyno.name) },
            'restart',
          ),
      ' ',
      element('button', { type: 'button', onclick: () => dynoAction('stop', dyno.name) }, 'stop'),
    ),
  );
}

function renderHeader() {
  byId('app-name').textContent = snapshot.appName;
  document.title = `${snapshot.appName} · hdev`;
  byId('release').textContent = `v${snapshot.release}`;
  const router = byId('router-url');
  router.textContent = snapshot.routerUrl ?? '';
  if (snapshot.routerUrl !== undefined) router.href = snapshot.routerUrl;
  byId('notice').textContent = snapshot.shutdown ?? snapshot.phase ?? '';
}

function updateLogTargets() {
  const select = byId('log-target');
  const wanted = [
    ['', 'all dynos'],
    ...snapshot.types.map((type) => [`type:${type}`, `${type} dynos`]),
    ...snapshot.dynos.map((dyno) => [`dyno:${dyno.name}`, dyno.name]),
    ['dyno:router', 'router'],
  ];
  const current = [...select.options].map((option) => option.value).join('\n');
  if (current === wanted.map(([value]) => value).join('\n')) return;
  const chosen = select.value;
  select.replaceChildren(...wanted.map(([value, label]) => element('option', { value }, label)));
  select.value = wanted.some(([value]) => value === chosen) ? chosen : '';
}

// ---- logs -------------------------------------------------------------------------------

const dynoColors = new Map();
function colorOf(dyno) {
  let color = dynoColors.get(dyno);
  if (color === undefined) {
    color = PALETTE[dynoColors.size % PALETTE.length];
    dynoColors.set(dyno, color);
  }
  return color;
}

function clock(time) {
  const date = new Date(time);
  return [date.getHours(), date.getMinutes(), date.getSeconds()]
    .map((part) => String(part).padStart(2, '0'))
    .join(':');
}

/** Heroku's router lines: the status and error codes stand out. */
function routerClass(line) {
  if (/\bat=error\b|\bcode=H\d+/.test(line)) return 'router-error';
  const status = /\bstatus=(\d)\d\d\b/.exec(line)?.[1];
  if (status === '5') return 'router-error';
  if (status === '4') return 'router-warn';
  return status === undefined ? '' : 'router-ok';
}

let following = true;
let held = [];
let heldSkipped = 0;

function logRow([time, source, dyno, line]) {
  const text = element('span', { className: 'log-text' }, line);
  if (dyno === 'router') text.className += ` ${routerClass(line)}`;
  const name = element('span', { style: `color: ${colorOf(dyno)}` }, ` ${source}[${dyno}]: `);
  return element(
    'div',
    { className: `log-${source}` },
    element('span', { className: 'log-time' }, clock(time)),
    name,
    text,
  );
}

function showLogs(entries, skipped, reset) {
  const pane = byId('log-lines');
  if (reset) pane.replaceChildren();
  const fragment = document.createDocumentFragment();
  if (skipped > 0)
    fragment.append(
      element(
        'div',
        { className: 'log-skipped' },
        `… ${skipped} lines skipped to keep up with the log`,
      ),
    );
  for (const entry of entries.slice(-MAX_LOG_LINES)) fragment.append(logRow(entry));
  pane.append(fragment);
  while (pane.childElementCount > MAX_LOG_LINES) pane.firstElementChild.remove();
  pane.scrollTop = pane.scrollHeight;
}

function receiveLogs(message) {
  if (message.reset) {
    held = [];
    heldSkipped = 0;
  }
  if (!following && !message.reset) {
    // Paused: the page keeps the newest lines only, as bounded as the pane.
    held.push(...message.entries);
    heldSkipped += message.skipped;
    if (held.length > MAX_LOG_LINES) {
      heldSkipped += held.length - MAX_LOG_LINES;
      held = held.slice(-MAX_LOG_LINES);
    }
    byId('log-status').textContent = `paused, ${held.length + heldSkipped} new lines`;
    return;
  }
  showLogs(message.entries, message.skipped, message.reset);
}

function toggleFollow() {
  following = !following;
  byId('log-follow').textContent = following ? 'Pause' : 'Follow';
  byId('log-status').textContent = following ? '' : 'paused';
  if (following) {
    showLogs(held, heldSkipped, false);
    held = [];
    heldSkipped = 0;
  }
}

// ---- the live feed ----------------------------------------------------------------------

let events;
function logRequest() {
  const target = byId('log-target').value;
  const source = byId('log-source').value;
  const filter = {};
  if (target.startsWith('type:')) filter.type = target.slice(5);
  if (target.startsWith('dyno:')) filter.dyno = target.slice(5);
  if (source !== '') filter.source = source;
  return { kind: 'logs', filter, lines: 200 };
}

function connect() {
  const socket = new WebSocket(`ws://${location.host}/ws/events`);
  events = socket;
  socket.addEventListener('open', () => {
    byId('connection').textContent = 'live';
    socket.send(JSON.stringify(logRequest()));
  });
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(event.data);
    if (message.kind === 'snapshot') {
      snapshot = message;
      clockOffset = message.now - Date.now();
      renderHeader();
      renderDynos();
      updateLogTargets();
      if (message.release !== lastRelease) {
        lastRelease = message.release;
        void loadReleases();
      }
    } else if (message.kind === 'logs') {
      receiveLogs(message);
    }
  });
  socket.addEventListener('close', () => {
    byId('connection').textContent = 'disconnected (hdev start stopped?)';
  });
}

// ---- releases and config vars -----------------------------------------------------------

async function loadReleases() {
  const { releases } = await api('GET', '/api/releases');
  byId('release-rows').replaceChildren(
    ...[...releases]
      .sort((a, b) => b.version - a.version)
      .map((release) =>
        element(
          'tr',
          {},
          element('td', {}, `v${release.version}`),
          element('td', {}, release.description),
          element(
            'td',
            { className: release.status === 'failed' ? 'error' : '' },
            release.failure ? `${release.status}: ${release.failure}` : release.status,
          ),
          element('td', {}, new Date(release.createdAt).toLocaleString()),
        ),
      ),
  );
}

function releaseOutcome(data) {
  const release = data.release;
  if (release === null) return 'Saved; no change to release';
  return release.status === 'succeeded'
    ? `Saved and restarting… done, v${release.version}`
    : `Saved; v${release.version} failed: ${release.failure ?? 'see the logs'}`;
}

function saveConfig(body) {
  report(
    byId('config-result'),
    api('POST', '/api/config', body).then((data) => {
      void loadConfig();
      return data;
    }),
    releaseOutcome,
  );
}

function configRow(key) {
  const value = element('span', { className: 'secret', title: 'click to show' }, '••••••••');
  value.addEventListener(
    'click',
    async () => {
      const data = await api('POST', '/api/config/value', { key });
      const input = element('input', { value: data.value ?? '', size: '40' });
      const save = element(
        'button',
        { type: 'button', onclick: () => saveConfig({ set: { [key]: input.value } }) },
        'Save',
      );
      value.replaceWith(input, ' ', save);
    },
    { once: true },
  );
  return element(
    'tr',
    { 'data-key': key },
    element('td', {}, key),
    element('td', {}, value),
    element(
      'td',
      {},
      element('button', { type: 'button', onclick: () => saveConfig({ unset: [key] }) }, 'remove'),
    ),
  );
}

async function loadConfig() {
  const { keys } = await api('GET', '/api/config');
  byId('config-rows').replaceChildren(...keys.map(configRow));
}

// ---- start ------------------------------------------------------------------------------

byId('log-follow').addEventListener('click', toggleFollow);
for (const id of ['log-target', 'log-source']) {
  byId(id).addEventListener('change', () => {
    if (events?.readyState === WebSocket.OPEN) events.send(JSON.stringify(logRequest()));
  });
}
byId('config-add').addEventListener('submit', (event) => {
  event.preventDefault();
  const key = byId('config-new-key').value.trim();
  if (key !== '') saveConfig({ set: { [key]: byId('config-new-value').value } });
});
window.setInterval(renderDynos, 1000); // uptimes
connect();
void loadConfig();
setUpConsole();
