// The service worker of the app shell (docs/offline.md). Hand-written rather than Workbox: the
// shell is one page and content-hashed assets, and nothing needs fetching at build time.
// Data never goes through this cache: /api answers stay network-only; what a village team takes
// along is kept in IndexedDB by the page, and removed at sign-out.
const CACHE = 'tuopin-shell-v1';
const SHELL = ['/', '/manifest.webmanifest', '/icon.svg'];

/** The page's own scripts and styles, read from index.html so the first install caches them. */
async function shellAssets() {
  const res = await fetch('/', { cache: 'no-store' });
  const html = await res.clone().text();
  const found = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]);
  return { page: res, assets: found };
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const { page, assets } = await shellAssets();
      await cache.put('/', page);
      await cache.addAll([...SHELL.slice(1), ...assets]);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) if (key !== CACHE) await caches.delete(key);
      await self.clients.claim();
    })(),
  );
});

// The page tells which lazily loaded chunks it used, so they are there offline too.
self.addEventListener('message', (event) => {
  const urls = event.data && event.data.type === 'cache-assets' ? event.data.urls : null;
  if (!Array.isArray(urls)) return;
  const own = urls.filter((u) => typeof u === 'string' && u.startsWith('/assets/'));
  event.waitUntil(
    caches
      .open(CACHE)
      .then((c) => c.addAll(own))
      .catch(() => undefined),
  );
});

self.addEventListener('fetch', (event) => {
  const req = event.request;
  if (req.method !== 'GET') return;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith('/api/')) return;
  if (req.mode === 'navigate') {
    // Network first, so a new build is picked up; the cached page when there is no signal.
    event.respondWith(
      (async () => {
        try {
          const res = await fetch(req);
          if (res.ok) await (await caches.open(CACHE)).put('/', res.clone());
          return res;
        } catch {
          return (await caches.match('/')) || Response.error();
        }
      })(),
    );
    return;
  }
  // Content-hashed assets never change under one name: the cache first.
  event.respondWith(
    (async () => {
      const hit = await caches.match(req);
      if (hit) return hit;
      const res = await fetch(req);
      if (res.ok && url.pathname.startsWith('/assets/')) await (await caches.open(CACHE)).put(req, res.clone());
      return res;
    })(),
  );
});
