// The "Generate API key" dialog, with the Developer Portal's fields (validity period, IP addresses,
// HTTP referrers): a modal <dialog> keeps focus inside; Escape, Cancel and Done close it and give
// focus back; the key is shown once, with copy buttons and a ready curl command.
import { $, call, say } from './dom.js';

const TRY_PATH = document.querySelector('meta[name="keygate-try-path"]')?.getAttribute('content') ?? '/';
const FIELD_INPUTS = {
  validityPeriod: 'validity',
  keyName: 'key-name',
  'additionalProperties.permittedIP': 'ip-addresses',
  'additionalProperties.permittedReferer': 'referrers',
};

const dialog = $('generate-dialog');
const lines = (id) => $(id).value.split(/[\n,]/).map((line) => line.trim()).filter((line) => line !== '').join(',');
const chosenRestriction = () => document.querySelector('input[name="restriction"]:checked').value;

function showRestriction() {
  $('ip-row').hidden = chosenRestriction() !== 'ip';
  $('referer-row').hidden = chosenRestriction() !== 'referer';
}

/** A Referer header the key's first referrer pattern accepts, so the curl command works as printed. */
function refererFor(pattern) {
  const host = pattern.replace(/^\*\./, 'www.').replace(/\*$/, '');
  return `https://${host.includes('/') ? host : `${host}/`}`;
}

function curlFor(apikey, api, referrers) {
  const url = `${location.origin}${api?.context ?? ''}${TRY_PATH}`;
  const referer = referrers === '' ? '' : ` -H "Referer: ${refererFor(referrers.split(',')[0])}"`;
  return `curl -i "${url}" -H "accept: application/json" -H "apikey: ${apikey}"${referer}`;
}

/** The request body from the form, or [input id, message] for what the user must fix first. */
function readForm() {
  const restriction = chosenRestriction();
  const permittedIP = restriction === 'ip' ? lines('ip-addresses') : '';
  const permittedReferer = restriction === 'referer' ? lines('referrers') : '';
  const infinite = $('infinite').checked;
  const validityPeriod = infinite ? -1 : Number($('validity').value);
  if (!infinite && !(Number.isInteger(validityPeriod) && validityPeriod > 0)) {
    return { problem: ['validity', 'Enter the validity period in whole seconds, or choose infinite validity.'] };
  }
  if (restriction !== 'none' && permittedIP === '' && permittedReferer === '') {
    return { problem: [restriction === 'ip' ? 'ip-addresses' : 'referrers', 'Enter at least one, or choose no restriction.'] };
  }
  const keyName = $('key-name').value.trim();
  return { body: { validityPeriod, additionalProperties: { permittedIP, permittedReferer }, ...(keyName === '' ? {} : { keyName }) } };
}

/** A modal dialog makes the page inert, but Tab past its last control would leave for the browser: focus goes round instead. */
function keepFocusInside(event) {
  if (event.key !== 'Tab') return;
  const focusable = [...dialog.querySelectorAll('button, input, select, textarea, [tabindex="-1"]')].filter(
    (e) => !e.disabled && e.getClientRects().length > 0 && (e.tabIndex >= 0 || e === document.activeElement),
  );
  const [first, last] = [focusable[0], focusable[focusable.length - 1]];
  if (event.shiftKey && document.activeElement === first) {
    event.preventDefault();
    last.focus();
  } else if (!event.shiftKey && document.activeElement === last) {
    event.preventDefault();
    first.focus();
  }
}

async function copy(id, what) {
  try {
    await navigator.clipboard.writeText($(id).value);
  } catch {
    $(id).select();
    document.execCommand('copy');
  }
  $('copy-status').textContent = `${what} copied.`;
}

/**
 * Wires the dialog: `application()` is the selected application, `api()` the API the curl command
 * calls, `generated()` refreshes the list of keys.
 */
export function setUpGenerateDialog({ application, api, generated }) {
  $('open-generate').addEventListener('click', () => {
    $('generate-form').reset();
    $('validity').disabled = true;
    showRestriction();
    $('generate-error').textContent = '';
    $('generate-form').hidden = false;
    $('generated').hidden = true;
    dialog.showModal();
    $('key-name').focus();
  });
  $('infinite').addEventListener('change', () => {
    $('validity').disabled = $('infinite').checked;
    if (!$('infinite').checked) $('validity').focus();
  });
  for (const radio of document.querySelectorAll('input[name="restriction"]')) radio.addEventListener('change', showRestriction);
  for (const button of dialog.querySelectorAll('[data-close]')) button.addEventListener('click', () => dialog.close());
  dialog.addEventListener('keydown', keepFocusInside);
  dialog.addEventListener('close', () => {
    // The key leaves the page with the dialog: it is shown this once.
    $('key-value').value = '';
    $('curl-command').value = '';
    $('copy-status').textContent = '';
    $('open-generate').focus();
  });
  $('copy-key').addEventListener('click', () => copy('key-value', 'API key'));
  $('copy-curl').addEventListener('click', () => copy('curl-command', 'curl command'));

  $('generate-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const { body, problem } = readForm();
    if (problem !== undefined) {
      $('generate-error').textContent = problem[1];
      $(problem[0]).focus();
      return;
    }
    $('generate').disabled = true;
    try {
      const app = application();
      const keyType = $('key-type').value;
      const { apikey, keyName } = await call('POST', `/applications/${encodeURIComponent(app.applicationId)}/api-keys/${keyType}/generate`, body);
      $('key-value').value = apikey;
      $('curl-command').value = curlFor(apikey, api(), body.additionalProperties.permittedReferer);
      $('generate-form').hidden = true;
      $('generated').hidden = false;
      $('generated-title').focus();
      say(`${keyName} is generated.`);
      await generated();
    } catch (error) {
      $('generate-error').textContent = error.message;
      $(FIELD_INPUTS[error.field] ?? 'key-name').focus();
    } finally {
      $('generate').disabled = false;
    }
  });
}
