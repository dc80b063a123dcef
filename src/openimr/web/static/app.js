// OpenIMR: a little progressive enhancement. Every page works without it.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  // Forms that do something that cannot be undone ask first.
  for (const form of document.querySelectorAll("form[data-confirm]")) {
    form.addEventListener("submit", (event) => {
      if (!window.confirm(form.dataset.confirm)) event.preventDefault();
    });
  }
  // A select marked data-autosubmit applies its filter at once.
  for (const select of document.querySelectorAll("select[data-autosubmit]")) {
    select.addEventListener("change", () => select.form.requestSubmit());
  }
  // Following a link to an evidence sentence brings it into view in the records panel.
  for (const link of document.querySelectorAll("a[data-evidence]")) {
    link.addEventListener("click", (event) => {
      const target = document.getElementById(link.dataset.evidence);
      if (!target) return;
      event.preventDefault();
      target.scrollIntoView({ block: "center", behavior: "smooth" });
      target.classList.add("flash");
      target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: true });
      window.setTimeout(() => target.classList.remove("flash"), 2000);
    });
  }
  // Precedents load when their panel is first opened (the link inside works without script).
  for (const panel of document.querySelectorAll("details[data-src]")) {
    panel.addEventListener("toggle", async () => {
      if (!panel.open || panel.dataset.loaded) return;
      panel.dataset.loaded = "yes";
      const body = panel.querySelector(".precedents-body");
      body.setAttribute("aria-busy", "true");
      try {
        const response = await fetch(panel.dataset.src, { credentials: "same-origin" });
        body.innerHTML = response.ok ? await response.text() : "<p>Precedents could not be loaded.</p>";
      } catch (error) {
        body.innerHTML = "<p>Precedents could not be loaded.</p>";
      }
      body.removeAttribute("aria-busy");
    });
  }
});
