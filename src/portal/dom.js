// The portal's plumbing: elements built from text only, and calls to the key service. Everything
// the service sends is shown as text (textContent, never parsed as markup): an application named
// <img onerror=...> is a name.

export const API = '/api/am/devportal/v3';
export const SESSION = '/devportal/session';
export const LIMIT = '?limit=100';

export const $ = (id) => document.getElementById(id);

/** An element whose children are elements or text: strings become text nodes, never markup. */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children.map((child) => (child instanceof Node ? child : String(child))));
  return node;
}

/** A message in the page's status line (a polite live region). */
export const say = (text) => {
  $('status').textContent = text;
};

/** Why a call failed, from WSO2's error body: `error[0].message` starts with the field's name. */
class ServiceError extends Error {
  constructor(status, body) {
    super(body?.error?.[0]?.message ?? body?.description ?? `The key service answered ${status}.`);
    this.field = body?.error?.[0]?.message?.split(':')[0];
  }
}

let sessionEnded = () => {};
/** What to do when the key service says the session has ended (401). */
export const onSessionEnd = (handler) => {
  sessionEnded = handler;
};

export async function request(url, method, body) {
  const init = { method, credentials: 'same-origin', headers: { accept: 'application/json' } };
  if (body !== undefined) {
    // JSON, as the service requires of every call with a body: no form can forge one.
    init.headers['content-type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch(url, init);
  const text = await response.text();
  const data = text === '' ? undefined : JSON.parse(text);
  if (response.status === 401 && url.startsWith(API)) sessionEnded();
  if (!response.ok) throw new ServiceError(response.status, data);
  return data;
}

/** A call to the key service (`path` below its base path). */
export const call = (method, path, body) => request(API + path, method, body);
