// The organiser's programme console: follows a notification's delivery live, from the
// outbox's own counts (sent / failed / pending of N), until nothing is pending.
const line = document.querySelector("[data-notification]");

async function follow() {
  const id = line.dataset.notification;
  for (;;) {
    try {
      const response = await fetch(`/api/v1/notifications/${encodeURIComponent(id)}`, { cache: "no-store" });
      if (!response.ok) return;
      const p = await response.json();
      const template = p.collecting ? line.dataset.collecting : line.dataset.template;
      line.textContent = template
        .replace("{sent}", p.sent)
        .replace("{failed}", p.failed)
        .replace("{pending}", p.pending)
        .replace("{total}", p.total);
      line.dataset.sent = p.sent;
      line.dataset.failed = p.failed;
      line.dataset.pending = p.pending;
      line.dataset.total = p.total;
      if (!p.collecting && p.pending === 0) {
        line.dataset.done = "true";
        return;
      }
    } catch {
      // The network went: try again shortly.
    }
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
}

if (line) follow();
