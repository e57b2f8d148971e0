// The console's router: one view at a time in <main>, chosen by the URL's fragment.
import { claims, signIn, signInReason, signOut, token } from './api.js';
import { el, show } from './dom.js';
import { fleetView, jobsView, newJobView } from './views.js';
import { jobView } from './job.js';

const main = document.getElementById('view');
let stop = () => {};

/** A link from `token --console` carries the token in the fragment, which no server sees; keep it in this tab only. */
function takeTokenFromLink() {
  const hash = location.hash;
  if (hash.startsWith('#token=')) {
    signIn(decodeURIComponent(hash.slice('#token='.length)));
    history.replaceState(null, '', location.pathname + '#/jobs');
  }
}

function signInView(root) {
  const reason = signInReason();
  const input = el('textarea', { id: 'token', rows: 4, autocomplete: 'off', spellcheck: 'false', required: true });
  const form = el('form', { id: 'signin-form' },
    el('label', { for: 'token' }, 'Bearer token'),
    input,
    el('p', { class: 'small' }, 'Get one with: java -jar target/copyjobs.jar token --sub NAME --console'),
    el('button', { type: 'submit', id: 'signin' }, 'Sign in'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    signIn(input.value);
    location.hash = '#/jobs';
  });
  show(root, el('h1', {}, 'Sign in'), reason ? el('p', { role: 'alert', class: 'error', id: 'signin-reason' }, reason) : null, form);
  return () => {};
}

function route() {
  stop();
  takeTokenFromLink();
  const hash = location.hash || '#/jobs';
  const nav = document.getElementById('nav');
  if (!token() || hash === '#/signin') {
    nav.hidden = true;
    if (hash !== '#/signin') { location.hash = '#/signin'; return; }
    stop = signInView(main);
    return;
  }
  nav.hidden = false;
  const who = claims();
  document.getElementById('who').textContent = who.sub ? 'signed in as ' + who.sub : '';
  const job = hash.match(/^#\/jobs\/([^/]+)$/);
  if (job) stop = jobView(main, decodeURIComponent(job[1]));
  else if (hash === '#/new') stop = newJobView(main);
  else if (hash === '#/fleet') stop = fleetView(main);
  else stop = jobsView(main);
}

document.getElementById('signout').addEventListener('click', () => signOut(null));
window.addEventListener('hashchange', route);
route();
