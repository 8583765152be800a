// Django's two-list selector (filter_horizontal) puts aria-label on bare <span> icons, which
// ARIA does not allow; give them the image role their label describes. Runs after Django's
// SelectFilter2 has drawn the widgets (it does so on "load").
window.addEventListener("load", () => {
  window.setTimeout(() => {
    document.querySelectorAll("span.help-tooltip[aria-label]:not([role])").forEach((icon) => {
      icon.setAttribute("role", "img");
    });
  }, 0);
});
