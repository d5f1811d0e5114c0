// "Keep N documents for offline reading": stores the files of the person's sessions in the
// cache the service worker answers /documents/… from when there is no network. Only on this
// tap: documents can be large, so nothing is downloaded unasked.
const CACHE = "dc-documents";

for (const button of document.querySelectorAll("[data-keep-documents]")) {
  const status = button.parentElement.querySelector("[data-keep-status]");
  const urls = button.dataset.keepDocuments.split(" ").filter(Boolean);
  const say = (text) => {
    if (status) status.textContent = text;
  };
  const kept = () => {
    say(button.dataset.kept);
    button.dataset.state = "kept";
  };
  // Already kept on this device (every file): say so rather than offer it again.
  caches
    .open(CACHE)
    .then((cache) => Promise.all(urls.map((url) => cache.match(url))))
    .then((hits) => {
      if (hits.every(Boolean)) kept();
    })
    .catch(() => {});
  button.addEventListener("click", async () => {
    button.disabled = true;
    button.dataset.state = "keeping";
    say(button.dataset.keeping);
    try {
      const cache = await caches.open(CACHE);
      for (const url of urls) {
        const response = await fetch(url, { credentials: "same-origin", cache: "no-cache" });
        if (!response.ok) throw new Error(`${url}: ${response.status}`);
        await cache.put(url, response);
      }
      kept();
    } catch {
      say(button.dataset.failed);
      button.dataset.state = "failed";
    }
    button.disabled = false;
  });
}
