// Sizes the handbook progress bars from their data-width (0-100). Inline styles are avoided
// so the Content-Security-Policy can stay strict.
document.querySelectorAll(".handbook-progress [data-width]").forEach((segment) => {
  const width = Math.max(0, Math.min(100, Number(segment.dataset.width) || 0));
  segment.style.width = `${width}%`;
  segment.setAttribute("aria-hidden", "true");
});
