// The console's one way to the API: the same /v1 routes as every client, with the token the person
// signed in with. The token lives in this tab's sessionStorage only.
const TOKEN = 'copyjobs.token';
const REASON = 'copyjobs.signin-reason';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || 'HTTP ' + status);
    this.status = status;
    this.problem = problem;
  }
}

export function token() {
  return sessionStorage.getItem(TOKEN);
}

export function signIn(value) {
  sessionStorage.setItem(TOKEN, value.trim());
  sessionStorage.removeItem(REASON);
}

/** Forgets the token and goes to sign-in, which shows {@code reason}. */
export function signOut(reason) {
  sessionStorage.removeItem(TOKEN);
  if (reason) sessionStorage.setItem(REASON, reason);
  else sessionStorage.removeItem(REASON);
  location.hash = '#/signin';
}

export function signInReason() {
  return sessionStorage.getItem(REASON);
}

/** The token's claims, for showing who is signed in; the API checks the token, not this. */
export function claims() {
  try {
    const part = token().split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(atob(part));
  } catch (e) {
    return {};
  }
}

function headers(extra) {
  return Object.assign({ Authorization: 'Bearer ' + token() }, extra);
}

/** The API's names of priorities, as BG_JOB_PRIORITY orders them. */
export const PRIORITIES = ['FOREGROUND', 'HIGH', 'NORMAL', 'LOW'];

/** The ApiError of a failed answer; a 401 goes back to sign-in with its reason. */
async function failure(response) {
  let problem;
  try {
    problem = await response.json();
  } catch (e) {
    problem = { title: response.statusText, status: response.status };
  }
  if (response.status === 401) signOut('Signed out: ' + (problem.detail || 'the token was refused'));
  return new ApiError(response.status, problem);
}

/** Calls the API; answers {body, etag}, or throws ApiError. */
export async function api(method, path, body, extraHeaders) {
  const init = { method, headers: headers(extraHeaders), cache: 'no-store', referrerPolicy: 'no-referrer' };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(path, init);
  if (!response.ok) throw await failure(response);
  const text = await response.text();
  return { body: text ? JSON.parse(text) : null, etag: response.headers.get('ETag') };
}

/**
 * Reads a job's event stream. EventSource cannot send an Authorization header, and a token in the
 * URL would reach logs, so this reads text/event-stream from fetch() and parses its frames.
 * Calls onEvent(name, data) per event; ends when the stream ends or {@code signal} aborts.
 */
export async function events(id, onEvent, signal) {
  const response = await fetch('/v1/jobs/' + encodeURIComponent(id) + '/events', {
    headers: headers({ Accept: 'text/event-stream' }), signal, cache: 'no-store',
  });
  if (!response.ok) throw await failure(response);
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      frame(buffer.slice(0, end), onEvent);
      buffer = buffer.slice(end + 2);
    }
  }
}

function frame(text, onEvent) {
  let name = 'message';
  const data = [];
  for (const line of text.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') name = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length) onEvent(name, data.join('\n'));
}
