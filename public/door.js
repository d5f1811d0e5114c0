// The door: scans entry passes with the camera, checks each one on this device against the
// roster it keeps (keys and passes, from `GET /api/v1/entry/roster`), shows the verdict over the
// whole screen, and queues every scan with a nonce until the server has it. Nothing here needs
// the network at the moment of the scan.
//
// Where things are kept:
// - the roster and this device's own admissions in the service worker's `dc-data` cache, which
//   it drops at sign-in and sign-out, and this page drops when the server no longer gives this
//   person the roster or a day after the event (names never outlive the staff session);
// - who came is not on the roster: an earlier admission on another device is listed by a hash
//   of the pass's QR content, so a device learns of it only when that pass is shown to it;
// - the queue in `dc-door-queue`, one entry per scan, kept across sign-out: a scan is never lost,
//   and it is sent with the next staff member's session.
import { decoder, passHash, verifiedClaims } from "./door-read.js";

const data = JSON.parse(document.getElementById("door-data").textContent);
const S = data.strings;
const page = document.querySelector("[data-door-page]");
const $ = (name) => page.querySelector(`[data-${name}]`);

const DATA = "dc-data";
const ROSTER_KEY = "/__dc/door/roster";
const ADMITTED_KEY = "/__dc/door/admitted";
const QUEUE = "dc-door-queue";
const SYNC_EVERY_MS = 15000;
const ROSTER_EVERY_MS = 60000;
// The same QR held in front of the camera is one scan, not one per frame.
const SAME_PASS_QUIET_MS = 5000;
// An ADMIT clears itself so the queue moves; every other verdict waits for a tap.
const ADMIT_SHOWN_MS = 2500;
const BATCH = 500;

let roster = null; // { event, issuer, synced_at, keys, passes: Map(pass_id → entry) }
let keys = new Map(); // kid → CryptoKey
let admitted = new Map(); // pass_id → { at, door }: this device's own admissions
let admittedElsewhere = new Map(); // pass hash → { at, door }: the roster's, by QR content
let ed25519 = true;
let lastText = "";
let lastAt = 0;
let showing = false;
let dismissTimer = 0;
// Scan-to-verdict times in ms, for the benchmark (bench/door.mjs reads them).
window.doorTimings = [];

// Venue time, 24-hour, Latin digits: as the rest of the app writes times.
const time = new Intl.DateTimeFormat(data.lang, { timeZone: data.time_zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23", numberingSystem: "latn" });
const fill = (template, values) => Object.entries(values).reduce((t, [k, v]) => t.replace(`{${k}}`, v), template);

function deviceId() {
  let id = localStorage.getItem("dc-door-device");
  if (!id) {
    id = `d-${randomId().slice(0, 12)}`;
    localStorage.setItem("dc-door-device", id);
  }
  return id;
}

function randomId() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function doorName() {
  const field = $("door-name");
  return (field.value || "main").trim().slice(0, 100) || "main";
}

// --- the roster -------------------------------------------------------------------------------

async function loadStored() {
  const cache = await caches.open(DATA);
  const stored = await cache.match(ROSTER_KEY);
  const json = stored && (await stored.json());
  // A day after the event's last day a roster is only a list of names: gone.
  if (json && Date.now() > Date.parse(json.valid_until) + 24 * 3600 * 1000) return forget();
  if (json) await useRoster(json);
  const own = await cache.match(ADMITTED_KEY);
  if (own) for (const [id, at] of Object.entries(await own.json())) if (!admitted.has(id)) admitted.set(id, at);
}

async function useRoster(json) {
  const passes = new Map(json.passes.map((p) => [p.pass_id, p]));
  const imported = new Map();
  for (const jwk of json.keys.keys) {
    try {
      const key = await crypto.subtle.importKey("jwk", { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, { name: "Ed25519" }, false, ["verify"]);
      imported.set(jwk.kid, key);
    } catch {
      ed25519 = false;
    }
  }
  $("unsupported").hidden = ed25519;
  roster = { ...json, passes };
  keys = imported;
  admittedElsewhere = new Map(json.admitted.map((a) => [a.pass_hash, a]));
  showStatus();
}

// Signed out, or no longer door staff: the names leave this device (the queue stays).
async function forget() {
  const cache = await caches.open(DATA);
  await cache.delete(ROSTER_KEY);
  await cache.delete(ADMITTED_KEY);
  roster = null;
  keys = new Map();
  admitted = new Map();
  admittedElsewhere = new Map();
  $("roster").textContent = S.roster_none;
  delete page.dataset.roster;
}

async function fetchRoster() {
  const response = await fetch("/api/v1/entry/roster", { cache: "no-store", credentials: "same-origin" });
  if (response.status === 401 || response.status === 403) return forget();
  if (!response.ok) return;
  const json = await response.json();
  await (await caches.open(DATA)).put(ROSTER_KEY, new Response(JSON.stringify(json), { headers: { "content-type": "application/json" } }));
  await useRoster(json);
}

async function rememberAdmission(passId, at, door) {
  admitted.set(passId, { at, door });
  const own = Object.fromEntries(admitted);
  await (await caches.open(DATA)).put(ADMITTED_KEY, new Response(JSON.stringify(own), { headers: { "content-type": "application/json" } }));
}

// --- checking a pass, offline ------------------------------------------------------------------

// The verdict for a scanned text: { result, entry?, detail }. Mirrors the server's checks
// (`entry::EntryKeys::verify`) and then the roster's version, status and admissions.
async function check(text, at) {
  if (!roster) return { result: "invalid", detail: S.roster_none };
  const claims = await verifiedClaims(text, keys);
  if (!claims) return { result: "invalid", detail: S.invalid_detail };
  const seconds = at.getTime() / 1000;
  if (claims.event !== roster.event || !(seconds >= claims.nbf && seconds < claims.exp)) {
    return { result: "wrong_event", detail: S.wrong_event_detail };
  }
  const entry = roster.passes.get(claims.sub);
  // Signed by us but newer than this device's roster: the server decides at the next sync.
  if (!entry) return { result: "admitted", passId: claims.sub, detail: S.not_on_roster };
  return byRoster(entry, claims.ver, admittedElsewhere.get(await passHash(text)));
}

// What the roster says of a pass (a scanned one of `version`, or one found by name), and of
// its first admission on another device (`elsewhere`, known for scanned passes only).
function byRoster(entry, version, elsewhere) {
  if (entry.status !== "confirmed" || (version !== undefined && version < entry.version)) {
    return { result: "revoked", entry, passId: entry.pass_id, detail: S.revoked_detail };
  }
  const first = admitted.get(entry.pass_id) || elsewhere;
  if (first) {
    const detail = fill(S.already_detail, { time: time.format(new Date(first.at)), door: first.door });
    return { result: "already_admitted", entry, passId: entry.pass_id, detail };
  }
  return { result: "admitted", entry, passId: entry.pass_id, detail: "" };
}

const WORDS = {
  admitted: S.admit,
  already_admitted: S.already,
  revoked: S.revoked,
  wrong_event: S.wrong_event,
  invalid: S.invalid,
};

function show(verdict) {
  const box = $("verdict");
  box.dataset.result = verdict.result;
  $("verdict-word").textContent = WORDS[verdict.result];
  $("verdict-name").textContent = verdict.entry ? verdict.entry.name : "";
  $("verdict-organisation").textContent = verdict.entry ? verdict.entry.organisation : "";
  $("verdict-detail").textContent = verdict.detail || "";
  box.hidden = false;
  box.focus();
  showing = true;
  clearTimeout(dismissTimer);
  if (verdict.result === "admitted") dismissTimer = setTimeout(dismiss, ADMIT_SHOWN_MS);
}

function dismiss() {
  clearTimeout(dismissTimer);
  $("verdict").hidden = true;
  showing = false;
  lastAt = Date.now();
}

// One scan: the verdict on screen now, the scan in the queue, sent when the network lets it.
async function scanned(text, startedAt) {
  const at = new Date();
  const verdict = ed25519 ? await check(text, at) : await askServer({ pass: text }, at);
  show(verdict);
  window.doorTimings.push(performance.now() - startedAt);
  if (verdict.result === "admitted" && verdict.passId) await rememberAdmission(verdict.passId, at.toISOString(), doorName());
  if (!verdict.queued) await enqueue({ pass: text.slice(0, 4096) }, at, verdict.result);
  syncSoon();
}

async function admitByName(entry) {
  const at = new Date();
  const verdict = byRoster(entry);
  show(verdict);
  if (verdict.result === "admitted") await rememberAdmission(entry.pass_id, at.toISOString(), doorName());
  await enqueue({ pass_id: entry.pass_id }, at, verdict.result);
  syncSoon();
}

// A browser without Ed25519 cannot check offline: the server checks, when it answers.
async function askServer(what, at) {
  const scan = { ...what, scanned_at: at.toISOString(), door: doorName(), device: deviceId(), nonce: randomId() };
  try {
    const [answer] = await send([scan]);
    return { result: answer.result, queued: true, detail: answer.first_door ? fill(S.already_detail, { time: time.format(new Date(answer.first_admitted_at)), door: answer.first_door }) : "" };
  } catch {
    await enqueueScan(scan);
    return { result: "invalid", queued: true, detail: S.unsupported };
  }
}

// --- the queue -------------------------------------------------------------------------------

async function enqueue(what, at, shown) {
  await enqueueScan({ ...what, scanned_at: at.toISOString(), door: doorName(), device: deviceId(), nonce: randomId(), shown });
}

async function enqueueScan(scan) {
  await (await caches.open(QUEUE)).put(`/__dc/door/queue/${scan.nonce}`, new Response(JSON.stringify(scan)));
  await showStatus();
}

async function send(scans) {
  const response = await fetch("/api/v1/checkins", {
    method: "POST",
    headers: { "content-type": "application/json" },
    credentials: "same-origin",
    body: JSON.stringify(scans),
  });
  if (!response.ok) throw new Error(`checkins: ${response.status}`);
  return response.json();
}

let syncing = null;
function syncSoon() {
  if (!syncing) syncing = sync().finally(() => (syncing = null));
  return syncing;
}

// Sends the queue in batches; a scan leaves the queue only once the server answered for it.
async function sync() {
  const cache = await caches.open(QUEUE);
  let requests = await cache.keys();
  let sent = 0;
  try {
    while (requests.length) {
      const batch = requests.slice(0, BATCH);
      requests = requests.slice(BATCH);
      const scans = await Promise.all(batch.map(async (r) => (await cache.match(r)).json()));
      const answers = await send(scans);
      const answered = new Set(answers.map((a) => a.nonce));
      await Promise.all(batch.filter((r, i) => answered.has(scans[i].nonce)).map((r) => cache.delete(r)));
      sent += answers.length;
    }
    $("network").hidden = true;
    if (sent) await fetchRoster().catch(() => {});
  } catch {
    // No network, or the server refused (signed out): the queue waits.
    $("network").hidden = false;
  }
  await showStatus();
  page.dataset.synced = String(Date.now());
}

async function showStatus() {
  const waiting = (await (await caches.open(QUEUE)).keys()).length;
  page.dataset.queued = String(waiting);
  $("queue").textContent = waiting ? fill(S.queue_waiting, { count: waiting }) : S.queue_empty;
  if (roster) {
    $("roster").textContent = fill(S.roster_synced, { count: roster.passes.size, time: time.format(new Date(roster.synced_at)) });
    page.dataset.roster = String(roster.passes.size);
  }
}

// --- look-up by name ---------------------------------------------------------------------------

const fold = (text) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

function lookup() {
  const list = $("matches");
  list.replaceChildren();
  const asked = fold($("lookup").value.trim());
  if (!roster || asked.length < 2) return;
  const found = [...roster.passes.values()].filter((p) => fold(`${p.name} ${p.organisation}`).includes(asked)).slice(0, 10);
  if (!found.length) {
    const none = document.createElement("li");
    none.textContent = S.no_match;
    list.append(none);
  }
  for (const entry of found) {
    const item = document.createElement("li");
    const who = document.createElement("span");
    const name = document.createElement("bdi");
    name.textContent = entry.name;
    const organisation = document.createElement("bdi");
    organisation.className = "muted";
    organisation.textContent = entry.organisation;
    who.append(name, " · ", organisation);
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = S.admit_button;
    button.addEventListener("click", () => admitByName(entry));
    item.append(who, button);
    list.append(item);
  }
}

// --- the camera --------------------------------------------------------------------------------

let stream = null;
let decode = null;

async function startCamera() {
  const button = $("camera");
  if (stream) {
    for (const track of stream.getTracks()) track.stop();
    stream = null;
    $("video").hidden = true;
    button.textContent = S.start;
    return;
  }
  try {
    decode = decode || (await decoder(data.root));
    stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false });
  } catch {
    $("camera-help").textContent = S.camera_unavailable;
    return;
  }
  const video = $("video");
  video.srcObject = stream;
  video.hidden = false;
  await video.play().catch(() => {});
  button.textContent = S.stop;
  page.dataset.camera = "on";
  scanLoop(video);
}

async function scanLoop(video) {
  while (stream) {
    if (!showing && video.readyState >= 2 && video.videoWidth) {
      const startedAt = performance.now();
      let text = null;
      try {
        text = await decode(video);
      } catch {
        text = null;
      }
      const repeat = text === lastText && Date.now() - lastAt < SAME_PASS_QUIET_MS;
      if (text && !repeat && !showing) {
        lastText = text;
        await scanned(text, startedAt);
        lastAt = Date.now();
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 60));
  }
}

// --- start -------------------------------------------------------------------------------------

const door = $("door-name");
door.value = localStorage.getItem("dc-door-name") || door.value;
door.addEventListener("change", () => localStorage.setItem("dc-door-name", doorName()));
$("camera").addEventListener("click", startCamera);
// "Send now": the queue, then a fresh roster (a revocation the organisers just made).
$("sync").addEventListener("click", () => syncSoon().then(() => fetchRoster().catch(() => {})));
$("next").addEventListener("click", dismiss);
$("verdict").addEventListener("click", (event) => {
  if (event.target === event.currentTarget) dismiss();
});
$("lookup").addEventListener("input", lookup);
window.addEventListener("online", () => syncSoon());
window.addEventListener("offline", () => ($("network").hidden = false));
document.addEventListener("keydown", (event) => {
  if (showing && (event.key === "Escape" || event.key === "Enter")) dismiss();
});

(async () => {
  await loadStored().catch(() => {});
  await showStatus();
  // Ready to scan from what is kept; the network only refreshes it.
  page.dataset.ready = "true";
  fetchRoster().catch(() => ($("network").hidden = false));
  syncSoon();
  // Loaded now, while there is a network: the camera may first be needed without one.
  decoder(data.root)
    .then((d) => {
      decode = decode || d;
      page.dataset.decoder = "ready";
    })
    .catch(() => {});
  setInterval(() => syncSoon(), SYNC_EVERY_MS);
  setInterval(() => fetchRoster().catch(() => {}), ROSTER_EVERY_MS);
})();
