// Passerelle preview: reloads this page when a rebuild changes it (keeping the scroll
// position), and shows or clears the error overlay as the build fails or recovers.
// Injected by `passerelle serve` only; `passerelle build` never writes it.
(() => {
  "use strict";
  const script = document.currentScript;
  const file = script.dataset.file;
  const generation = script.dataset.generation;
  const scrollKey = "passerelle-scroll:" + file;

  const saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    const [x, y] = JSON.parse(saved);
    const restore = () => window.scrollTo(x, y);
    restore();
    // Late images and fonts can move the page: restore once more when all is loaded.
    window.addEventListener("load", restore, { once: true });
  }

  const overlay = () => document.getElementById("passerelle-overlay");
  document.addEventListener("click", (event) => {
    if (event.target.closest && event.target.closest("[data-passerelle-close]")) {
      overlay()?.remove();
    }
  });

  const params = new URLSearchParams({ file, generation });
  const events = new EventSource("/__passerelle/events?" + params);
  events.addEventListener("reload", (event) => {
    const { files } = JSON.parse(event.data);
    overlay()?.remove();
    if (files.includes(file)) {
      sessionStorage.setItem(scrollKey, JSON.stringify([window.scrollX, window.scrollY]));
      window.location.reload();
    }
  });
  events.addEventListener("failed", (event) => {
    const { html } = JSON.parse(event.data);
    overlay()?.remove();
    // The server escaped every text taken from the content (see src/serve/overlay.rs).
    document.body.insertAdjacentHTML("beforeend", html);
  });
})();
