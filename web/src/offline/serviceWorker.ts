// Registers the app-shell service worker (web/public/sw.js, docs/offline.md) so the app reopens
// without signal. Also under the Vite dev server (harmless: pages are fetched network-first and only
// /assets/ is cached, which the dev server does not use); import.meta.env.DEV is not a reliable
// guard, since a build run with NODE_ENV=test (the browser tests) sets it too.
async function register(): Promise<void> {
  await navigator.serviceWorker.register('/sw.js');
  await cacheLoadedAssets();
}

/** Chunks loaded before the worker took over are handed to it to keep (again after taking the village along). */
export async function cacheLoadedAssets(): Promise<void> {
  if (!('serviceWorker' in navigator)) return;
  const ready = await navigator.serviceWorker.ready;
  const urls = performance.getEntriesByType('resource').map((e) => new URL(e.name).pathname);
  ready.active?.postMessage({ type: 'cache-assets', urls });
}

export function registerServiceWorker(): void {
  if (!('serviceWorker' in navigator)) return;
  const go = () => void register().catch(() => undefined);
  // The module may run after the load event already fired.
  if (document.readyState === 'complete') go();
  else window.addEventListener('load', go, { once: true });
}
