// A job's page: every field of GetJob, its files, its error, its event stream as it arrives, the
// operations the state machine allows now, and an edit form that sends If-Match.
import { PRIORITIES, api, events } from './api.js';
import { alertBox, bar, bytes, el, problemText, show, terms, time } from './dom.js';

const OPERATIONS = fetch('/console/operations.json').then((r) => r.json());
const BUTTONS = [['Resume', 'resume'], ['Suspend', 'suspend'], ['Cancel', 'cancel'], ['Complete', 'complete'],
  ['TakeOwnership', 'take-ownership']];
const FINAL = ['ACKNOWLEDGED', 'CANCELLED'];
const POLL_MS = 2000;

function fields(job) {
  const t = job.times || {};
  const rows = [['Id', job.id], ['Owner', job.owner], ['State', job.state], ['Priority', job.priority],
    ['Type', job.type], ['Description', job.description], ['Version', job.version],
    ['Created', time(t.created)], ['Modified', time(t.modified)], ['Transfer completed', time(t.transferCompleted)],
    ['Errors so far', job.errorCount], ['Minimum retry delay', job.minimumRetryDelaySeconds + ' s'],
    ['No-progress timeout', job.noProgressTimeoutSeconds + ' s']];
  const p = job.progress;
  rows.push(['Bytes', el('span', {}, bar(p.bytesTransferred, p.bytesTotal, 'bytes transferred'), ' ',
    bytes(p.bytesTransferred) + ' of ' + bytes(p.bytesTotal))]);
  rows.push(['Files', el('span', {}, bar(p.filesTransferred, p.filesTotal, 'files transferred'), ' ',
    p.filesTransferred + ' of ' + p.filesTotal)]);
  return terms(rows, { id: 'job-fields' });
}

function filesTable(job) {
  const rows = job.files.map((f, i) => el('tr', {},
    el('td', {}, i), el('td', {}, f.localName), el('td', { class: 'wide' }, f.remoteUrl),
    el('td', {}, bar(f.bytesTransferred, f.bytesTotal, 'bytes of ' + f.localName), ' ',
      bytes(f.bytesTransferred) + ' of ' + bytes(f.bytesTotal)),
    el('td', {}, f.completed ? 'done' : ''), el('td', { class: 'wide' }, f.node || ''),
    el('td', { class: 'wide small' }, f.sha256 || '')));
  const head = ['#', 'Local name', 'URL', 'Progress', 'Done', 'Node', 'SHA-256'].map((h, i) =>
    el('th', { scope: 'col', class: [2, 5, 6].includes(i) ? 'wide' : null }, h));
  return el('table', { id: 'files' }, el('thead', {}, el('tr', {}, head)), el('tbody', {}, rows));
}

function errorPart(job) {
  const e = job.error;
  if (!e) return el('p', { id: 'job-error' }, 'No error.');
  return terms([['Code', e.code], ['HRESULT', e.hresult], ['Context', e.context], ['Description', e.description],
    ['File', e.fileIndex], ['At', time(e.at)]], { id: 'job-error', class: 'error' });
}

function actionButtons(run) {
  return BUTTONS.map(([op, path]) => el('button', { type: 'button', id: 'op-' + path, 'data-op': op, disabled: true,
    onclick: () => run(path) }, op));
}

/** Updated in place, not redrawn: a button keeps its focus while the job changes under it. */
function allow(buttons, job, ops) {
  for (const button of buttons) {
    const op = button.dataset.op;
    const row = ops[op];
    const allowed = Boolean(row && row.allowedIn.includes(job.state));
    const reason = allowed ? (row.sender === 'ADMIN' ? 'administrators only' : '')
      : op + ' is not allowed in state ' + job.state;
    button.disabled = !allowed;
    button.title = reason;
  }
}

function editForm(onSave) {
  const form = el('form', { id: 'edit' },
    el('label', { for: 'edit-name' }, 'Display name'), el('input', { type: 'text', id: 'edit-name', required: true }),
    el('label', { for: 'edit-description' }, 'Description'), el('textarea', { id: 'edit-description', rows: 2 }),
    el('label', { for: 'edit-priority' }, 'Priority'),
    el('select', { id: 'edit-priority' }, PRIORITIES.map((p) => el('option', { value: p }, p))),
    el('div', { class: 'toolbar' }, el('button', { type: 'submit', id: 'save' }, 'Save')));
  form.addEventListener('submit', (e) => { e.preventDefault(); onSave(); });
  return form;
}

function fill(form, job) {
  form.querySelector('#edit-name').value = job.displayName;
  form.querySelector('#edit-description').value = job.description || '';
  form.querySelector('#edit-priority').value = job.priority;
}

export function jobView(root, id) {
  const alert = alertBox();
  const title = el('h1', {}, 'Job');
  const summary = el('div');
  const toolbar = el('div', { class: 'toolbar', id: 'actions', hidden: true });
  const log = el('div', { class: 'events', id: 'events', role: 'log', 'aria-label': 'Event stream' });
  const abort = new AbortController();
  const s = { job: null, etag: null, formEtag: null, timer: null, stopped: false, ops: {} };
  const form = editForm(() => save());
  const buttons = actionButtons((path) => run(path));
  toolbar.append(...buttons);
  const editing = el('section', { hidden: true }, el('h2', {}, 'Edit properties'), form);
  const history = el('section', { hidden: true }, el('h2', {}, 'Events'), log);
  show(root, title, toolbar, alert, summary, editing, history);

  const render = () => {
    const job = s.job;
    title.textContent = job.displayName;
    allow(buttons, job, s.ops);
    toolbar.hidden = false;
    show(summary, fields(job), el('h2', {}, 'Files'), el('div', { class: 'scroll' }, filesTable(job)),
      el('h2', {}, 'Error'), errorPart(job));
    editing.hidden = false;
    history.hidden = false;
  };
  const load = async () => {
    try {
      const r = await api('GET', '/v1/jobs/' + encodeURIComponent(id));
      if (s.stopped) return;
      s.job = r.body;
      s.etag = r.etag;
      if (!s.formEtag) { fill(form, s.job); s.formEtag = r.etag; }
      render();
    } catch (e) {
      fail(e);
      if (e.status === 403 || e.status === 404) return;
    }
    // One timer however many loads overlap (polls, events, button answers).
    clearTimeout(s.timer);
    if (!s.stopped && !FINAL.includes(s.job && s.job.state)) s.timer = setTimeout(load, POLL_MS);
  };
  const fail = (e) => { alert.textContent = problemText(e); };
  const run = async (path) => {
    alert.textContent = '';
    try {
      await api('POST', '/v1/jobs/' + encodeURIComponent(id) + '/' + path);
    } catch (e) { fail(e); }
    load();
  };
  const save = async () => {
    const body = { displayName: form.querySelector('#edit-name').value,
      description: form.querySelector('#edit-description').value, priority: form.querySelector('#edit-priority').value };
    try {
      const r = await api('PATCH', '/v1/jobs/' + encodeURIComponent(id), body, { 'If-Match': s.formEtag });
      s.formEtag = r.etag;
      alert.textContent = '';
    } catch (e) {
      if (e.status !== 412) { fail(e); return; }
      const fresh = await api('GET', '/v1/jobs/' + encodeURIComponent(id));
      fill(form, fresh.body);
      s.formEtag = fresh.etag;
      alert.textContent = 'Someone else changed this job: it is now version ' + fresh.body.version
        + '. The form shows its values now; make your change again.';
    }
    load();
  };
  const watch = () => {
    const line = (text) => log.append(el('div', {}, new Date().toLocaleTimeString() + ' ' + text));
    events(id, (name, data) => { line(name + ' ' + data); if (name !== 'StreamEnd') load(); }, abort.signal)
      .then(() => line('(stream ended)'), (e) => { if (!s.stopped) line('(stream: ' + problemText(e) + ')'); });
  };
  OPERATIONS.then((ops) => { s.ops = ops; load(); watch(); });
  return () => { s.stopped = true; clearTimeout(s.timer); abort.abort(); };
}
