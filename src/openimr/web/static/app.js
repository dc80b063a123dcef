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
});
