// Notifications on this device (the /me page): asks for permission only after a tap,
// subscribes with the server's key, registers the subscription with this device's language
// and preferences, and turns it off again. The panel's texts come rendered by the server.
import { ios, standalone } from "./pwa.js";

const panel = document.getElementById("push-panel");
const part = (name) => panel.querySelector(`[data-push="${name}"]`);
// Shows these states of the panel and hides the others (the settings form's own buttons stay).
const show = (...names) => {
  for (const el of panel.querySelectorAll("[data-push]")) {
    if (el.parentElement.closest("[data-push]")) continue;
    el.hidden = !names.includes(el.dataset.push);
  }
};

function keyBytes(base64url) {
  const text = atob(base64url.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}

function preferences() {
  const form = part("settings");
  return {
    changes: form.elements.changes.checked,
    announcements: form.elements.announcements.checked,
    reminder_minutes: Number(form.elements.reminder_minutes.value),
  };
}

async function register(subscription) {
  const body = { ...subscription.toJSON(), lang: document.documentElement.lang, preferences: preferences() };
  const response = await fetch("/api/v1/me/push-subscriptions", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`subscription refused: ${response.status}`);
}

async function showSettings(subscription) {
  const response = await fetch("/api/v1/me/push-subscriptions", { cache: "no-store" });
  const mine = response.ok ? (await response.json()).find((s) => s.endpoint === subscription.endpoint) : null;
  const form = part("settings");
  if (mine) {
    form.elements.changes.checked = mine.notify_changes;
    form.elements.announcements.checked = mine.notify_announcements;
    form.elements.reminder_minutes.value = String(mine.reminder_minutes);
  } else {
    await register(subscription);
  }
  show("settings");
}

async function turnOn() {
  const permission = await Notification.requestPermission();
  if (permission !== "granted") return show("blocked");
  const registration = await navigator.serviceWorker.ready;
  const { public_key } = await (await fetch("/api/v1/push/key")).json();
  const subscription = await registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: keyBytes(public_key),
  });
  await register(subscription);
  await showSettings(subscription);
}

async function turnOff() {
  const registration = await navigator.serviceWorker.ready;
  const subscription = await registration.pushManager.getSubscription();
  if (subscription) {
    await fetch("/api/v1/me/push-subscriptions", {
      method: "DELETE",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ endpoint: subscription.endpoint }),
    });
    await subscription.unsubscribe();
  }
  show("on");
}

async function start() {
  const capable = "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  // On iPhone, web push exists only for apps added to the Home Screen.
  if (ios && !standalone) return show("ios");
  if (!capable) return show("unsupported");
  if (Notification.permission === "denied") return show("blocked");
  const registration = await navigator.serviceWorker.ready;
  const subscription = await registration.pushManager.getSubscription();
  if (subscription && Notification.permission === "granted") await showSettings(subscription);
  else show("on");
  panel.dataset.ready = "true";
}

if (panel) {
  part("on").addEventListener("click", () => turnOn().catch(() => show("on", "failed")));
  part("off").addEventListener("click", () => turnOff().catch(() => show("settings", "failed")));
  part("settings").addEventListener("change", async () => {
    const registration = await navigator.serviceWorker.ready;
    const subscription = await registration.pushManager.getSubscription();
    if (!subscription) return show("on");
    await register(subscription).then(
      () => show("settings", "saved"),
      () => show("settings", "failed"),
    );
  });
  start().catch(() => show("unsupported"));
}
