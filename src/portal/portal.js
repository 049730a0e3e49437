// keygate's developer portal: vanilla JavaScript modules on the key service's REST API (WSO2's
// Developer Portal API, same origin): sign in, applications, subscriptions, keys. See dom.js for
// how data reaches the page (as text only) and generate-dialog.js for the "Generate API key" dialog.
import { $, call, el, LIMIT, onSessionEnd, request, say, SESSION } from './dom.js';
import { setUpGenerateDialog } from './generate-dialog.js';

const state = { apps: [], apis: [], policies: [], app: undefined, subscriptions: [] };

// Signing in: the demo's session cookie (HttpOnly, SameSite=Strict), read by the service's authenticate.

function showSignIn(message = '') {
  $('portal').hidden = true;
  $('who').hidden = true;
  $('sign-in').hidden = false;
  $('sign-in-error').textContent = message;
  $('password').value = '';
  $('password').focus();
}

async function showPortal(subscriber) {
  $('sign-in').hidden = true;
  $('who-name').textContent = subscriber;
  $('who').hidden = false;
  $('portal').hidden = false;
  const [apis, policies, appPolicies] = await Promise.all([
    call('GET', `/apis${LIMIT}`),
    call('GET', `/throttling-policies/subscription${LIMIT}`),
    call('GET', `/throttling-policies/application${LIMIT}`),
  ]);
  state.apis = apis.list;
  state.policies = policies.list;
  $('new-app-policy').replaceChildren(...appPolicies.list.map((p) => new Option(p.name, p.name)));
  await loadApplications(state.app?.applicationId);
}

async function loadApplications(selected) {
  state.apps = (await call('GET', `/applications${LIMIT}`)).list;
  const keep = state.apps.find((app) => app.applicationId === selected) ?? state.apps[0];
  if (keep !== undefined) await selectApplication(keep);
  else {
    renderApplications();
    say('You have no applications yet: create one.');
  }
}

$('create-app-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const app = await call('POST', '/applications', { name: $('new-app-name').value, throttlingPolicy: $('new-app-policy').value });
    $('new-app-name').value = '';
    await loadApplications(app.applicationId);
    say(`${app.name} is created.`);
  } catch (error) {
    say(error.message);
    $('new-app-name').focus();
  }
});

$('sign-in-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    const user = await request(SESSION, 'POST', { username: $('username').value, password: $('password').value });
    say('');
    await showPortal(user.subscriber);
    $('main').focus();
  } catch (error) {
    $('sign-in-error').textContent = error.message;
    $('password').focus();
  }
});

$('sign-out').addEventListener('click', async () => {
  await request(SESSION, 'DELETE').catch(() => undefined);
  state.app = undefined;
  say('You are signed out.');
  showSignIn();
});

// Applications, subscriptions and keys.

function renderApplications() {
  const list = $('applications');
  list.replaceChildren(
    ...state.apps.map((app) => {
      const button = el('button', { type: 'button', 'aria-current': String(app.applicationId === state.app?.applicationId) }, app.name);
      button.addEventListener('click', () => selectApplication(app).catch((error) => say(error.message)));
      return el('li', {}, button);
    }),
  );
}

async function selectApplication(app) {
  state.app = app;
  renderApplications();
  $('application').hidden = false;
  $('app-name').textContent = app.name;
  $('app-facts').textContent = `Throttling policy ${app.throttlingPolicy} · ${app.status} · owned by ${app.owner}`;
  await Promise.all([loadSubscriptions(), loadKeys()]);
}

const cell = (label, ...content) => el('td', { 'data-label': label }, ...content);

async function loadSubscriptions() {
  const app = state.app;
  const { list } = await call('GET', `/subscriptions${LIMIT}&applicationId=${encodeURIComponent(app.applicationId)}`);
  state.subscriptions = list;
  $('subscriptions').replaceChildren(
    ...(list.length === 0
      ? [el('tr', {}, el('td', { colspan: '4' }, 'Not subscribed to any API yet.'))]
      : list.map((s) => el('tr', {}, cell('API', s.apiInfo?.name ?? s.apiId), cell('Version', s.apiInfo?.version ?? ''), cell('Throttling policy', s.throttlingPolicy), cell('Status', s.status)))),
  );
  const subscribed = new Set(list.map((s) => s.apiId));
  const open = state.apis.filter((api) => api.isSubscriptionAvailable && !subscribed.has(api.id));
  $('subscribe-api').replaceChildren(...open.map((api) => new Option(`${api.name} ${api.version}`, api.id)));
  const policyNames = (api) => api?.throttlingPolicies ?? state.policies.map((p) => p.name);
  const updatePolicies = () => {
    const api = open.find((a) => a.id === $('subscribe-api').value);
    $('subscribe-policy').replaceChildren(...policyNames(api).map((name) => new Option(name, name)));
  };
  $('subscribe-api').onchange = updatePolicies;
  updatePolicies();
  $('subscribe-form').hidden = open.length === 0;
  $('subscribed-all').hidden = open.length > 0;
}

$('subscribe-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const apiId = $('subscribe-api').value;
  try {
    const s = await call('POST', '/subscriptions', { applicationId: state.app.applicationId, apiId, throttlingPolicy: $('subscribe-policy').value });
    await loadSubscriptions();
    say(`${state.app.name} is subscribed to ${s.apiInfo?.name ?? 'the API'}.`);
  } catch (error) {
    say(error.message);
  }
});

const when = (iso) => (iso === undefined ? 'Never' : new Date(iso).toLocaleString());

function restrictionsOf(key) {
  const { permittedIP, permittedReferer } = key.additionalProperties ?? {};
  const parts = [];
  if (permittedIP) parts.push(`IP addresses: ${permittedIP.split(',').join(', ')}`);
  if (permittedReferer) parts.push(`Referrers: ${permittedReferer.split(',').join(', ')}`);
  return parts.length === 0 ? 'None' : parts.join('; ');
}

async function loadKeys() {
  const { list } = await call('GET', `/applications/${encodeURIComponent(state.app.applicationId)}/api-keys`);
  $('keys').replaceChildren(
    ...(list.length === 0
      ? [el('tr', {}, el('td', { colspan: '7' }, 'No API keys yet.'))]
      : list.map((key) => {
          const revoke = el('button', { type: 'button', class: 'danger', 'aria-label': `Revoke ${key.keyName}` }, 'Revoke');
          revoke.addEventListener('click', () => revokeKey(key, revoke));
          return el('tr', {}, cell('Name', key.keyName), cell('Key type', key.keyType), cell('Created', when(key.createdTime)),
            cell('Expires', when(key.expiryTime)), cell('Last used', when(key.lastUsedTime)), cell('Restrictions', restrictionsOf(key)), cell('', revoke));
        })),
  );
}

async function revokeKey(key, button) {
  if (!window.confirm(`Revoke ${key.keyName}? Calls with it are refused from the next one on.`)) return;
  button.disabled = true;
  try {
    await call('POST', `/applications/${encodeURIComponent(state.app.applicationId)}/api-keys/${key.keyType}/revoke`, { jti: key.jti });
    await loadKeys();
    say(`${key.keyName} is revoked.`);
    $('open-generate').focus();
  } catch (error) {
    button.disabled = false;
    say(error.message);
  }
}

onSessionEnd(() => showSignIn('Your session has ended: sign in again.'));
setUpGenerateDialog({
  application: () => state.app,
  // The curl command calls the first API the application is subscribed to.
  api: () => state.apis.find((api) => state.subscriptions.some((s) => s.apiId === api.id)) ?? state.apis[0],
  generated: () => loadKeys(),
});

// Start: signed in already (a session cookie), or the sign-in form.
request(SESSION, 'GET')
  .then((user) => showPortal(user.subscriber))
  .catch(() => showSignIn());
