// Building the page from values with textContent only: nothing the API returns is parsed as HTML.

/** An element with attributes (on* names become listeners) and children (strings become text). */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else if (value === true) node.setAttribute(name, '');
    else node.setAttribute(name, String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child !== null && child !== undefined) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** Replaces the children of {@code node}. */
export function show(node, ...children) {
  node.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined));
}

export function bytes(n) {
  if (n === null || n === undefined || n < 0) return '?';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) { v /= 1024; u++; }
  return (u === 0 ? v : v.toFixed(1)) + ' ' + units[u];
}

export function time(iso) {
  return iso ? new Date(iso).toLocaleString() : '';
}

/** A labelled progress bar of {@code done} of {@code total}; indeterminate while the total is unknown. */
export function bar(done, total, label) {
  const known = total !== null && total !== undefined && total > 0;
  const pct = known ? Math.floor((100 * done) / total) : null;
  const attrs = { max: known ? total : null, value: known ? done : null, 'aria-label': label, 'data-percent': pct };
  return el('span', { class: 'bar' }, el('progress', attrs), ' ', el('span', { class: 'pct' }, known ? pct + ' %' : '?'));
}

/** A definition list of [term, value] rows; each value's dd is found by data-field, the term in lower case. */
export function terms(rows, attrs) {
  return el('dl', attrs, rows.map(([k, v]) => [el('dt', {}, k),
    el('dd', { 'data-field': k.toLowerCase() }, v === null || v === undefined ? '' : v)]));
}

/** The alert region of a view: problems go there, read out by screen readers. */
export function alertBox() {
  return el('p', { role: 'alert', class: 'error' });
}

/** What to tell the person about a failed call: the problem's code, HRESULT and detail. */
export function problemText(error) {
  const problem = error.problem;
  if (!problem) return error.message;
  return [problem.code, problem.hresult ? '(' + problem.hresult + ')' : '', problem.detail || problem.title || '']
    .filter(Boolean).join(' ');
}
