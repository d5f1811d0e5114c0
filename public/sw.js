// The Delegate Companion service worker. After one online visit the whole app opens without a
// network: this build's files, and every page the person may see (the agenda, each day, every
// session, rooms, about, their own schedule) in all four languages, rendered by the server for
// them and kept here. The server fills in BUILD and PRECACHE when it serves this file, so a new
// build is a new service worker, with caches of its own.
const BUILD = /*BUILD*/"dev";
const PRECACHE = /*PRECACHE*/[];
const SHELL = `dc-shell-${BUILD}`;
const PAGES = `dc-pages-${BUILD}`;
// The agenda API and this worker's own notes; personal, so forgotten at sign-in and sign-out.
const DATA = "dc-data";
const STATE_KEY = "/__dc/state";
// Documents a person chose to keep for offline reading (`documents.js` fills it).
const DOCUMENTS = "dc-documents";
const LANGS = ["en", "fr", "ar", "ru"];
// Conference Wi-Fi often connects and then carries nothing: after this, the stored page wins.
const NETWORK_TIMEOUT_MS = 3000;
// Organiser, sign-in and account-action pages carry data that is not the person's, or need
// the server to mean anything: never stored. `/me` itself (the entry pass) comes from the
// server's bundle only: as the network serves it, it may hold a code for another device.
const PRIVATE_PAGES = /^\/(organiser|signin|invite|auth)(\/|$)|^\/me\//;
// Requests after which the stored pages no longer show who is signed in.
const ACCOUNT_CHANGES = /^\/(signin|invite\/|auth\/sign-out)/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const shell = await caches.open(SHELL);
      await shell.addAll(PRECACHE.map((url) => new Request(url, { cache: "reload" })));
      // Best effort: without the pages now, visits and the next refresh store them.
      await refreshPages(LANGS).catch(() => {});
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        const old = (key.startsWith("dc-shell-") && key !== SHELL) || (key.startsWith("dc-pages-") && key !== PAGES);
        if (old) await caches.delete(key);
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  const type = event.data && event.data.type;
  if (type === "skip-waiting") self.skipWaiting();
  if (type === "status") {
    // A page asks once this worker controls it. Pages visited before it did (its first
    // install is slow on a phone) were never seen here: if the stored ones were made for
    // someone else than this page's viewer (since confirmed, made door staff), refresh them.
    const viewer = event.data.viewer;
    event.waitUntil(
      (async () => {
        const state = await readState();
        const other = LANGS.filter((l) => viewer && (!state.bundles[l] || state.bundles[l].viewer !== viewer));
        if (other.length) await refreshPages(other).catch(() => {});
        const now = await readState();
        const ready = LANGS.every((l) => now.bundles[l] && now.bundles[l].build === BUILD && (!viewer || now.bundles[l].viewer === viewer));
        if (ready && event.source) event.source.postMessage({ type: "offline-ready", build: BUILD });
      })(),
    );
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== "GET") {
    // Writes always go to the network and are never stored; afterwards the stored pages may
    // show a stale star or account, so they are refreshed (or dropped) first thing.
    event.waitUntil(afterWrite(url));
    return;
  }
  if (url.pathname.startsWith("/documents/")) {
    event.respondWith(documentFile(request));
  } else if (request.mode === "navigate") {
    event.respondWith(navigate(event, url));
  } else if (url.pathname.startsWith("/b/")) {
    event.respondWith(buildFile(request, url));
  } else if (url.pathname === "/api/v1/agenda") {
    event.respondWith(revalidate(request));
  } else if (PRECACHE.includes(url.pathname)) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
  }
});

// A notification from the server: a session of the person's schedule changed, a reminder,
// or an announcement. Each session has one tag, so the newest news replaces the older.
self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch {
    message = { body: event.data ? event.data.text() : "" };
  }
  const shown = self.registration.showNotification(message.title || "Delegate Companion", {
    body: message.body || "",
    tag: message.tag,
    renotify: Boolean(message.tag),
    lang: message.lang || "",
    dir: message.lang === "ar" ? "rtl" : "auto",
    icon: "/icons/icon-192.png",
    badge: "/icons/badge-96.png",
    data: { url: message.url || "/" },
  });
  // The programme changed: the stored pages should show it even if the phone goes offline.
  const refreshed = message.kind === "change" ? readState().then((s) => refreshPages([s.lang || "en"])) : Promise.resolve();
  event.waitUntil(Promise.all([shown, refreshed.catch(() => {})]));
});

// A tap opens the session: in a window of the app if one is open, else a new one.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = new URL((event.notification.data && event.notification.data.url) || "/", self.location.origin).href;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      const open = windows.find((w) => w.url === url) || windows[0];
      if (!open) return self.clients.openWindow(url);
      const focused = await open.focus();
      return focused.url === url ? focused : focused.navigate(url);
    })(),
  );
});

// Network first, with a short timeout when a stored copy exists; the stored page otherwise.
async function navigate(event, url) {
  const state = await readState();
  const asked = url.searchParams.get("lang");
  if (LANGS.includes(asked) && state.lang !== asked) {
    state.lang = asked;
    await writeState(state);
  }
  const lang = state.lang || "en";
  const storable = !PRIVATE_PAGES.test(url.pathname);
  const stored = storable ? await findPage(lang, url) : undefined;
  const network = fetch(event.request).then((response) => {
    event.waitUntil(afterPage(url, response.clone(), storable).catch(() => {}));
    return response;
  });
  event.waitUntil(network.catch(() => {}));
  try {
    return stored ? await withTimeout(network, NETWORK_TIMEOUT_MS) : await network;
  } catch {
    if (stored) return servedOffline(stored);
    const offline = await findPage(lang, new URL("/offline", url));
    if (offline) return servedOffline(offline, 503);
    return new Response("Offline", { status: 503, headers: { "content-type": "text/plain; charset=utf-8" } });
  }
}

// Stores a page that came from the network and notices a new programme or language.
async function afterPage(url, response, storable) {
  const html = (response.headers.get("content-type") || "").startsWith("text/html");
  if (!response.ok || !html || response.headers.get("x-build") !== BUILD) return;
  const lang = response.headers.get("content-language");
  const state = await readState();
  if (LANGS.includes(lang) && state.lang !== lang) {
    state.lang = lang;
    await writeState(state);
  }
  // The server marks what must never be kept (a page with the private calendar-feed address,
  // account and organiser pages): such a response is shown, not stored.
  const noStore = /(^|,)\s*no-store\s*(,|$)/i.test(response.headers.get("cache-control") || "");
  if (storable && !noStore && LANGS.includes(lang)) {
    // A page whose body could not be read to the end is not kept; the bundles still refresh.
    await (await caches.open(PAGES)).put(pageKey(lang, url), response).catch(() => {});
  }
  const version = Number(response.headers.get("x-agenda-version"));
  // Each bundle says whom it was made for: confirmed since, or made door staff, the stored
  // pages (the pass on /me, the door) are someone else's and are fetched again.
  const viewer = response.headers.get("x-viewer");
  const outdated = LANGS.filter((l) => {
    const b = state.bundles[l];
    return !b || b.build !== BUILD || b.version !== version || b.viewer !== viewer || (l === lang && b.stale);
  });
  if (outdated.length) await refreshPages(outdated);
}

// A document: the network (a replaced file shows at once), else the copy kept for offline
// reading. Kept only when the person asked (`documents.js`), never on the way through.
// A kept copy is dropped when the server says the person may no longer have it (signed out,
// uninvited from a closed side event, the document removed); with a kept copy the network gets
// the same short timeout as pages, so dead venue Wi-Fi does not hang the reader.
async function documentFile(request) {
  const store = await caches.open(DOCUMENTS);
  const kept = await store.match(request.url);
  try {
    const network = fetch(request);
    const response = kept ? await withTimeout(network, NETWORK_TIMEOUT_MS) : await network;
    if ([401, 403, 404, 410].includes(response.status)) await store.delete(request.url);
    return response;
  } catch (error) {
    if (kept) return kept;
    throw error;
  }
}

async function afterWrite(url) {
  if (ACCOUNT_CHANGES.test(url.pathname)) {
    // Another person (or nobody) from now on: nothing of the last one stays on the device.
    await caches.delete(PAGES);
    await caches.delete(DATA);
    await caches.delete(DOCUMENTS);
    return;
  }
  const state = await readState();
  for (const l of LANGS) if (state.bundles[l]) state.bundles[l].stale = true;
  await writeState(state);
}

// One refresh at a time; one asked for meanwhile runs after it (it may be for a new role).
let refreshing = null;
let asked = null;
function refreshPages(langs) {
  if (refreshing) {
    asked = [...new Set([...(asked || []), ...langs])];
    return refreshing;
  }
  refreshing = storePages(langs).finally(() => {
    refreshing = null;
    const next = asked;
    asked = null;
    if (next) refreshPages(next).catch(() => {});
  });
  return refreshing;
}

// Fetches the server's bundle of pages for each language and stores them, replacing that
// language's pages (a session that was withdrawn goes too). ETags make an unchanged bundle free.
async function storePages(langs) {
  const state = await readState();
  const cache = await caches.open(PAGES);
  for (const lang of langs) {
    const known = state.bundles[lang];
    const headers = known && known.build === BUILD && !known.stale ? { "if-none-match": known.etag } : {};
    const response = await fetch(`/offline/pages?locale=${lang}`, { headers, cache: "no-store" });
    if (response.status === 304) continue;
    if (!response.ok) throw new Error(`pages for ${lang}: ${response.status}`);
    const bundle = await response.json();
    const keep = new Set();
    for (const page of bundle.pages) {
      const key = pageKey(lang, new URL(page.url, self.location.origin));
      keep.add(key.url);
      const headers = {
        "content-type": "text/html; charset=utf-8",
        "content-security-policy": page.csp,
        "content-language": lang,
        "x-build": bundle.build,
        "x-agenda-version": String(bundle.version),
      };
      await cache.put(key, new Response(page.html, { headers }));
    }
    const prefix = new URL(`/__page/${lang}/`, self.location.origin).href;
    for (const key of await cache.keys()) {
      if (key.url.startsWith(prefix) && !keep.has(key.url)) await cache.delete(key);
    }
    // Read again: the viewer may have changed while this bundle was on its way.
    const now = await readState();
    now.bundles[lang] = { etag: response.headers.get("etag"), version: bundle.version, build: bundle.build, viewer: response.headers.get("x-viewer") };
    await writeState(now);
    state.bundles[lang] = now.bundles[lang];
  }
  const ready = LANGS.every((l) => state.bundles[l] && state.bundles[l].build === BUILD);
  if (ready) {
    const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    for (const client of windows) client.postMessage({ type: "offline-ready", build: BUILD });
  }
}

// The stored page for this address: exactly, then the same day of the agenda (a filter the
// live filter can apply again), then the page without its query.
async function findPage(lang, url) {
  const cache = await caches.open(PAGES);
  const tries = [pageKey(lang, url)];
  const day = url.searchParams.get("day");
  if (day) tries.push(pageKey(lang, new URL(`${url.pathname}?day=${encodeURIComponent(day)}`, url)));
  tries.push(pageKey(lang, new URL(url.pathname, url)));
  for (const key of tries) {
    const hit = await cache.match(key);
    if (hit) return hit;
  }
  return undefined;
}

// Where a page is kept: its language, path and query without `lang` (the language is the key's).
function pageKey(lang, url) {
  const params = new URLSearchParams(url.search);
  params.delete("lang");
  const query = params.toString();
  return new Request(new URL(`/__page/${lang}${url.pathname}${query ? `?${query}` : ""}`, self.location.origin));
}

// The stored page, marked so the page script shows the offline note at once.
async function servedOffline(stored, status = 200) {
  const html = (await stored.text()).replace("<html ", '<html data-served-offline="true" ');
  return new Response(html, { status, headers: stored.headers });
}

// A file of some build: from the caches (this build's, or a newer one waiting), else the network.
async function buildFile(request, url) {
  const hit = await caches.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && url.pathname.startsWith(`/b/${BUILD}/`)) {
    await (await caches.open(SHELL)).put(request, response.clone());
  }
  return response;
}

// The agenda API: always asks the server, with the stored ETag, so an unchanged agenda costs
// a 304; the stored copy answers when there is no network.
async function revalidate(request) {
  const cache = await caches.open(DATA);
  const stored = await cache.match(request);
  const headers = new Headers(request.headers);
  const conditional = headers.has("if-none-match");
  if (stored && !conditional && stored.headers.get("etag")) headers.set("if-none-match", stored.headers.get("etag"));
  try {
    const response = await fetch(request.url, { headers, credentials: "same-origin", cache: "no-store" });
    if (response.status === 304 && stored && !conditional) return stored;
    if (response.ok) await cache.put(request, response.clone());
    return response;
  } catch (error) {
    if (stored) return stored;
    throw error;
  }
}

function withTimeout(promise, ms) {
  return Promise.race([promise, new Promise((_, reject) => setTimeout(() => reject(new Error("timeout")), ms))]);
}

async function readState() {
  const stored = await (await caches.open(DATA)).match(STATE_KEY);
  const state = stored ? await stored.json().catch(() => ({})) : {};
  return { lang: state.lang, bundles: state.bundles || {} };
}

async function writeState(state) {
  const body = JSON.stringify(state);
  await (await caches.open(DATA)).put(STATE_KEY, new Response(body, { headers: { "content-type": "application/json" } }));
}
