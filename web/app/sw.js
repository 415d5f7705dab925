// Keeps the app shell available offline. API responses are never cached: they carry a patient's
// health information and must come from the server each time.
const SHELL = 'ohip-forward-shell-v1';
const SHELL_FILES = ['/app/', '/app/app.css', '/app/app.js', '/app/i18n.js', '/app/api.js', '/app/screens.js', '/app/icon.svg', '/app/manifest.webmanifest'];

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(SHELL_FILES)));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys().then((names) => Promise.all(names.filter((name) => name !== SHELL).map((name) => caches.delete(name)))),
  );
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin || !url.pathname.startsWith('/app/')) {
    return;
  }
  // Network first, so a deployed fix reaches patients at once; the cached shell when offline.
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        const copy = response.clone();
        void caches.open(SHELL).then((cache) => cache.put(event.request, copy));
        return response;
      })
      .catch(() => caches.match(event.request).then((cached) => cached ?? caches.match('/app/'))),
  );
});
