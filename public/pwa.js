// The page side of the installed app: registers the service worker and shows the notes the
// server rendered (hidden, in the reader's language) in #pwa-bar: offline and since when the
// programme is as shown, a changed programme, a new version to reload into, how to install.
const root = document.documentElement;
const note = (id) => document.getElementById(id);
const show = (id, on) => {
  const el = note(id);
  if (el) el.hidden = !on;
};
const INSTALL_DISMISSED = "dc-install-dismissed";
// Also used by notify.js (one module instance per page: the same URL).
export const standalone = matchMedia("(display-mode: standalone)").matches || navigator.standalone === true;
export const ios = /iphone|ipad|ipod/i.test(navigator.userAgent) || (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
let installPrompt = null;
let updateAsked = false;

function setOffline(offline) {
  show("pwa-offline", offline);
  root.toggleAttribute("data-offline", offline);
}

// Asks the server (never a cache) whether it answers and which programme version it has.
async function checkServer() {
  try {
    const response = await fetch("/api/v1/agenda", { method: "HEAD", cache: "no-store" });
    setOffline(false);
    const version = response.headers.get("x-agenda-version");
    if (version && version !== root.dataset.agendaVersion) show("pwa-changed", true);
    const registration = await navigator.serviceWorker?.getRegistration();
    await registration?.update();
  } catch {
    setOffline(true);
  }
}

async function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return;
  const sw = navigator.serviceWorker;
  sw.addEventListener("message", (event) => {
    if (event.data?.type === "offline-ready") root.dataset.offlineReady = event.data.build;
  });
  sw.addEventListener("controllerchange", () => {
    if (updateAsked) location.reload();
  });
  const registration = await sw.register("/sw.js", { scope: "/", updateViaCache: "none" });
  // A new build waits until the person says so: a reload mid-task would lose what they typed.
  const offerUpdate = () => show("pwa-update", Boolean(registration.waiting && sw.controller));
  offerUpdate();
  registration.addEventListener("updatefound", () => {
    const installing = registration.installing;
    installing?.addEventListener("statechange", () => {
      if (installing.state === "installed") offerUpdate();
    });
  });
  (await sw.ready).active?.postMessage({ type: "status", viewer: root.dataset.viewer });
}

function onAction(event) {
  const action = event.target.closest("[data-pwa]")?.dataset.pwa;
  if (action === "refresh") location.reload();
  if (action === "update") {
    updateAsked = true;
    navigator.serviceWorker.getRegistration().then((registration) => {
      if (registration?.waiting) registration.waiting.postMessage({ type: "skip-waiting" });
      else location.reload();
    });
  }
  if (action === "install" && installPrompt) {
    installPrompt.prompt();
    installPrompt.userChoice.finally(() => {
      installPrompt = null;
      show("pwa-install", false);
    });
  }
  if (action === "dismiss") {
    localStorage.setItem(INSTALL_DISMISSED, "1");
    show("pwa-install", false);
    show("pwa-ios", false);
  }
}

const dismissed = () => localStorage.getItem(INSTALL_DISMISSED) === "1";
addEventListener("beforeinstallprompt", (event) => {
  event.preventDefault();
  installPrompt = event;
  if (!standalone && !dismissed()) show("pwa-install", true);
});
addEventListener("appinstalled", () => {
  installPrompt = null;
  show("pwa-install", false);
  show("pwa-ios", false);
});
if (ios && !standalone && !dismissed()) show("pwa-ios", true);

note("pwa-bar")?.addEventListener("click", onAction);
addEventListener("online", checkServer);
addEventListener("offline", () => setOffline(true));
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") checkServer();
});
// A page from the service worker's store, or a phone that knows it has no network.
if (root.dataset.servedOffline === "true") {
  // A language chosen offline never reached the server: keep it for when the network is back.
  document.cookie = `lang=${root.lang}; path=/; max-age=31536000; samesite=lax`;
}
if (root.dataset.servedOffline === "true" || !navigator.onLine) {
  setOffline(true);
  if (navigator.onLine) checkServer();
}
// While the note says offline, look again now and then: Wi-Fi comes back without an event.
setInterval(() => {
  if (root.hasAttribute("data-offline")) checkServer();
}, 15000);
registerServiceWorker().catch(() => {});

// Now, Next and the dimmed past were true when the page was rendered, until the next start or
// end. A page kept open past that, or stored and shown later, hides them rather than lie.
function watchFreshness() {
  const until = Date.parse(root.dataset.freshUntil || "");
  const rendered = Date.parse(root.dataset.renderedAt || "");
  if (!until || !rendered) return;
  const stale = () => root.classList.add("stale-now");
  if (root.dataset.servedOffline === "true") {
    if (Date.now() >= until) stale();
    else setTimeout(stale, until - Date.now());
    openToday();
  } else {
    setTimeout(stale, until - rendered);
  }
}

// A stored agenda opened on a later day starts on that day, as the server would have.
function openToday() {
  const url = new URL(location.href);
  if (url.pathname !== "/" || url.searchParams.has("day")) return;
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: root.dataset.venueZone || undefined }).format(new Date());
  const tab = document.querySelector(`.days a[data-day="${today}"]`);
  if (tab && tab.getAttribute("aria-current") !== "date") location.replace(tab.href);
}
watchFreshness();
