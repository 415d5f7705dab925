// The patient app's shell: the header with the language switch, the navigation, the offline
// banner and a hash router that draws one screen at a time into <main>.

import { api, ApiError, OfflineError, saveSession, session } from './api.js';
import { h, showFieldErrors } from './dom.js';
import { locale, setLocale, t } from './i18n.js';
import { bookScreen, providersScreen } from './screens-booking.js';
import { careScreens } from './screens-care.js';
import { questionsScreen, resultScreen, triageScreen } from './screens-triage.js';

const STATE_KEY = 'ohip.journey';

const screens = {
  '#/sign-in': signInScreen,
  '#/triage': triageScreen,
  '#/questions': questionsScreen,
  '#/result': resultScreen,
  '#/providers': providersScreen,
  '#/book': bookScreen,
  ...careScreens,
};

const app = {
  state: JSON.parse(sessionStorage.getItem(STATE_KEY) ?? '{}'),

  remember(changes) {
    this.state = { ...this.state, ...changes };
    sessionStorage.setItem(STATE_KEY, JSON.stringify(this.state));
  },

  patientId() {
    return session()?.patientId;
  },

  signOut() {
    signOut();
  },

  go(hash) {
    if (location.hash === hash) {
      void this.render();
    } else {
      location.hash = hash;
    }
  },

  /** Runs a form's request, disabling it meanwhile, and puts the server's rules beside the fields. */
  async submit(form, status, action, fieldIds) {
    const button = form.querySelector('button[type="submit"]');
    button.disabled = true;
    status.textContent = '';
    try {
      await action();
    } catch (error) {
      if (error instanceof ApiError) {
        status.textContent = showFieldErrors(form, error, fieldIds, (rule) => t('field.error', { rule }));
        form.querySelector('[aria-invalid="true"]')?.focus();
      } else if (error instanceof OfflineError) {
        status.textContent = t('app.offline');
      } else {
        throw error;
      }
    } finally {
      button.disabled = false;
    }
  },

  async render() {
    const main = document.querySelector('main');
    const hash = screens[location.hash] ? location.hash : session() ? '#/triage' : '#/sign-in';
    if (!session() && hash !== '#/sign-in') {
      this.go('#/sign-in');
      return;
    }
    drawShell();
    try {
      const content = await screens[hash](this);
      main.replaceChildren(...[content].flat(Infinity).filter(Boolean));
    } catch (error) {
      main.replaceChildren(...failure(error));
    }
    main.focus();
  },
};

function drawShell() {
  document.title = t('app.name');
  const signedIn = session();
  const switcher = h('button', { type: 'button', class: 'language', lang: locale() === 'en' ? 'fr' : 'en', 'aria-label': t('app.languageName') }, t('app.language'));
  switcher.addEventListener('click', () => {
    setLocale(locale() === 'en' ? 'fr' : 'en');
    void app.render();
  });
  const header = document.querySelector('header');
  header.replaceChildren(
    h('a', { class: 'brand', href: '#/triage' }, t('app.name')),
    switcher,
    signedIn ? h('button', { type: 'button', class: 'sign-out', onclick: signOut }, t('app.signOut')) : null,
  );

  const nav = document.querySelector('nav');
  nav.hidden = !signedIn;
  nav.replaceChildren(h('ul', {}, [
    ['#/triage', 'nav.triage'],
    ['#/journey', 'nav.journey'],
    ['#/check-ins', 'nav.checkins'],
    ['#/messages', 'nav.messages'],
    ['#/privacy', 'nav.settings'],
  ].map(([href, key]) => h('li', {}, h('a', { href, 'aria-current': location.hash === href ? 'page' : undefined }, t(key))))));
}

function failure(error) {
  if (error instanceof OfflineError) {
    return [h('p', { class: 'notice offline', role: 'alert' }, t('app.offline')), h('button', { type: 'button', onclick: () => app.render() }, t('app.retry'))];
  }
  if (error instanceof ApiError && error.status === 401) {
    saveSession(null);
    app.go('#/sign-in');
    return [];
  }
  const detail = error instanceof ApiError ? error.problem.detail ?? error.problem.title : String(error.message ?? error);
  return [h('h1', {}, t('app.error')), h('p', { role: 'alert' }, detail), h('button', { type: 'button', onclick: () => app.render() }, t('app.retry'))];
}

async function signInScreen() {
  const users = await api('GET', '/dev-issuer/users').catch(() => ({ users: [] }));
  const patients = (users.users ?? []).filter((user) => user.role === 'patient');
  return [
    h('h1', {}, t('signin.title')),
    h('p', { class: 'notice notice-sandbox' }, t('signin.sandbox')),
    h('p', {}, patients.length ? t('signin.intro') : t('signin.none')),
    h('ul', { class: 'demo-users' }, patients.map((user) => h('li', {}, h('button', {
      type: 'button',
      class: 'secondary',
      onclick: async () => {
        const issued = await api('POST', '/dev-issuer/token', { role: 'patient', patientId: user.patientId });
        saveSession({ token: issued.access_token, patientId: user.patientId, name: user.label[locale()] });
        app.go('#/triage');
      },
    }, t('signin.as', { name: user.label[locale()] }))))),
  ];
}

function signOut() {
  saveSession(null);
  sessionStorage.removeItem(STATE_KEY);
  app.state = {};
  app.go('#/sign-in');
}

setLocale(locale());
window.addEventListener('hashchange', () => void app.render());
window.addEventListener('online', () => document.body.classList.remove('is-offline'));
window.addEventListener('offline', () => document.body.classList.add('is-offline'));
if ('serviceWorker' in navigator) {
  void navigator.serviceWorker.register('/app/sw.js', { scope: '/app/' });
}
void app.render();
