// The jobs list, the new-job form and the fleet page.
import { PRIORITIES, api, claims } from './api.js';
import { alertBox, bar, bytes, el, problemText, show, time } from './dom.js';

const STATES = ['QUEUED', 'CONNECTING', 'TRANSFERRING', 'SUSPENDED', 'ERROR', 'TRANSIENT_ERROR', 'TRANSFERRED',
  'ACKNOWLEDGED', 'CANCELLED'];
const POLL_MS = 2000;
const PAGE = 20;

function jobRow(entry, job) {
  const p = job ? job.progress : null;
  const link = el('a', { href: '#/jobs/' + encodeURIComponent(entry.id) }, entry.displayName || entry.id);
  return el('tr', { 'data-job-id': entry.id },
    el('td', {}, link),
    el('td', { class: 'state' }, job ? job.state : entry.state),
    el('td', { class: 'wide' }, job ? job.priority : ''),
    el('td', {}, p ? bar(p.bytesTransferred, p.bytesTotal, 'bytes of ' + entry.displayName) : '',
      el('div', { class: 'small' }, p ? bytes(p.bytesTransferred) + ' of ' + bytes(p.bytesTotal) : '')),
    el('td', {}, p ? bar(p.filesTransferred, p.filesTotal, 'files of ' + entry.displayName) : '',
      el('div', { class: 'small' }, p ? p.filesTransferred + ' of ' + p.filesTotal : '')),
    el('td', { class: 'wide' }, time(entry.created)),
    el('td', { class: 'wide' }, job ? time(job.times.modified) : ''),
    el('td', { class: 'wide' }, entry.owner));
}

/** The page's entries with their jobs: EnumJobs lists ids and states; GetJob adds progress and priority. */
async function page(query) {
  const list = (await api('GET', '/v1/jobs?' + query)).body;
  const jobs = await Promise.all(list.jobs.map((e) => api('GET', '/v1/jobs/' + e.id).then((r) => r.body, () => null)));
  return { list, jobs };
}

function listControls(state, reload) {
  const select = el('select', { id: 'state-filter', onchange: () => { state.filter = select.value; state.cursors = [null]; reload(); } },
    el('option', { value: '' }, 'every job not final'), STATES.map((s) => el('option', { value: s }, s)));
  const all = el('input', { type: 'checkbox', id: 'all-users',
    onchange: () => { state.allUsers = all.checked; state.cursors = [null]; reload(); } });
  const first = el('button', { type: 'button', class: 'secondary', id: 'first-page',
    onclick: () => { state.cursors = [null]; reload(); } }, 'First page');
  const next = el('button', { type: 'button', class: 'secondary', id: 'next-page',
    onclick: () => { state.cursors.push(state.next); reload(); } }, 'Next page');
  return { next, node: el('div', { class: 'toolbar' }, el('label', { for: 'state-filter' }, 'State'), select,
    all, el('label', { for: 'all-users' }, 'All users (administrators)'), first, next) };
}

export function jobsView(root) {
  const state = { filter: '', allUsers: false, cursors: [null], next: null };
  const alert = alertBox();
  const body = el('tbody');
  const updated = el('p', { class: 'small', id: 'updated', 'aria-live': 'polite' });
  let timer = null;
  let stopped = false;
  const reload = async () => {
    const q = new URLSearchParams({ limit: PAGE });
    if (state.filter) q.set('state', state.filter);
    if (state.allUsers) q.set('allUsers', 'true');
    const cursor = state.cursors[state.cursors.length - 1];
    if (cursor) q.set('cursor', cursor);
    try {
      const { list, jobs } = await page(q.toString());
      if (stopped) return;
      state.next = list.next;
      controls.next.disabled = !list.next;
      show(body, list.jobs.map((e, i) => jobRow(e, jobs[i])));
      if (!list.jobs.length) show(body, el('tr', {}, el('td', { colspan: 8 }, 'No jobs here.')));
      alert.textContent = '';
      updated.textContent = 'Updated ' + new Date().toLocaleTimeString();
    } catch (e) {
      alert.textContent = problemText(e);
    }
    clearTimeout(timer);
    if (!stopped) timer = setTimeout(reload, POLL_MS);
  };
  const controls = listControls(state, reload);
  const head = el('tr', {}, ['Name', 'State', 'Priority', 'Bytes', 'Files', 'Created', 'Modified', 'Owner']
    .map((h, i) => el('th', { scope: 'col', class: [0, 1, 3, 4].includes(i) ? null : 'wide' }, h)));
  show(root, el('h1', {}, 'Jobs of ' + (claims().sub || 'you')), controls.node, alert,
    el('div', { class: 'scroll' }, el('table', { id: 'jobs' }, el('thead', {}, head), body)), updated);
  reload();
  return () => { stopped = true; clearTimeout(timer); };
}

function fileFieldset(n) {
  const id = (name) => 'file-' + n + '-' + name;
  return el('fieldset', { class: 'file' }, el('legend', {}, 'File ' + (n + 1)),
    el('label', { for: id('url') }, 'URL'), el('input', { type: 'url', id: id('url'), name: 'remoteUrl', required: true }),
    el('label', { for: id('name') }, 'Local name'), el('input', { type: 'text', id: id('name'), name: 'localName', required: true }),
    el('label', { for: id('sha') }, 'SHA-256 (optional)'),
    el('input', { type: 'text', id: id('sha'), name: 'sha256', pattern: '[0-9a-fA-F]{64}' }));
}

function readFiles(form) {
  return [...form.querySelectorAll('fieldset.file')].map((f) => {
    const file = { remoteUrl: f.querySelector('[name=remoteUrl]').value, localName: f.querySelector('[name=localName]').value };
    const sha = f.querySelector('[name=sha256]').value.trim();
    if (sha) file.sha256 = sha;
    return file;
  });
}

export function newJobView(root) {
  const alert = alertBox();
  const files = el('div', {}, fileFieldset(0));
  const form = el('form', { id: 'new-job' },
    el('label', { for: 'displayName' }, 'Display name'), el('input', { type: 'text', id: 'displayName', required: true }),
    el('label', { for: 'priority' }, 'Priority'),
    el('select', { id: 'priority' }, PRIORITIES.map((p) => el('option', { value: p, selected: p === 'NORMAL' }, p))),
    files,
    el('div', { class: 'toolbar' },
      el('button', { type: 'button', class: 'secondary', id: 'add-file',
        onclick: () => files.append(fileFieldset(files.children.length)) }, 'Add another file'),
      el('button', { type: 'submit', id: 'create' }, 'Create job')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = { displayName: form.querySelector('#displayName').value,
      priority: form.querySelector('#priority').value, files: readFiles(form) };
    try {
      const created = (await api('POST', '/v1/jobs', body)).body;
      location.hash = '#/jobs/' + encodeURIComponent(created.id);
    } catch (err) {
      alert.textContent = problemText(err);
    }
  });
  show(root, el('h1', {}, 'New job'), alert, form,
    el('p', { class: 'small' }, 'A new job is SUSPENDED: resume it on its page to start the transfer.'));
  return () => {};
}

function nodeRow(n) {
  const topics = (parts) => Object.entries(parts || {}).map(([t, ps]) => t + ': ' + ps.join(', ')).join('; ');
  const view = n.view || {};
  const lags = Object.entries(view.lags || {}).map(([store, ps]) => store + ' ' + JSON.stringify(ps)).join('; ');
  return el('tr', {}, el('td', {}, n.node), el('td', {}, view.reachable ? (view.streamsState || 'reachable') : 'unreachable'),
    el('td', {}, topics(n.active)), el('td', {}, topics(n.standby)), el('td', { class: 'small' }, lags));
}

export function fleetView(root) {
  const alert = alertBox();
  const body = el('tbody');
  const links = el('p', { id: 'grafana' });
  show(root, el('h1', {}, 'Fleet'), alert, links, el('div', { class: 'scroll' }, el('table', { id: 'nodes' },
    el('thead', {}, el('tr', {}, ['Node', 'State', 'Active partitions', 'Standby partitions', 'Standby lag']
      .map((h) => el('th', { scope: 'col' }, h)))), body)));
  fetch('/console/settings.json').then((r) => r.json()).then((s) => {
    if (s.grafanaUrl) show(links, el('a', { href: s.grafanaUrl.replace(/\/$/, '') + '/d/copyjobs-fleet', rel: 'noreferrer' }, 'Grafana: copyjobs fleet dashboard'));
  });
  api('GET', '/v1/cluster').then((r) => {
    show(body, (r.body.nodes || []).map(nodeRow));
  }, (e) => { alert.textContent = problemText(e); });
  return () => {};
}
