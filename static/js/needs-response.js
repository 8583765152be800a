// The needs-assessment response form: add and remove training-need rows of the Django formset,
// keep the completeness bar current, and confirm before submitting. No inline scripts (CSP).
(function () {
  "use strict";
  const form = document.querySelector("[data-needs-form]");
  if (!form) {
    return;
  }
  const prefix = "needs";
  const rows = document.getElementById("needs-rows");
  const template = document.getElementById("need-template");
  const total = form.querySelector(`input[name="${prefix}-TOTAL_FORMS"]`);
  const maxForms = form.querySelector(`input[name="${prefix}-MAX_NUM_FORMS"]`);
  const empty = document.getElementById("needs-empty");

  function visibleRows() {
    return rows.querySelectorAll("[data-need-row]:not(.d-none)");
  }

  function refresh() {
    const count = visibleRows().length;
    if (empty) {
      empty.classList.toggle("d-none", count > 0);
    }
    const answers = ["existing_capacities", "ongoing_initiatives", "constraints_and_gaps"].map(
      (name) => {
        const field = form.querySelector(`[name="${name}"]`);
        return field && field.value.trim() !== "";
      },
    );
    const parts = [...answers, count > 0];
    const percent = Math.round((100 * parts.filter(Boolean).length) / parts.length);
    const bar = form.querySelector("[data-completeness-bar]");
    const label = form.querySelector("[data-completeness-label]");
    if (bar) {
      bar.value = percent;
      bar.textContent = `${percent}%`;
    }
    if (label) {
      label.textContent = `${percent}%`;
    }
  }

  function addRow() {
    const index = parseInt(total.value, 10);
    if (maxForms && index >= parseInt(maxForms.value, 10)) {
      return;
    }
    const html = template.innerHTML.replace(/__prefix__/g, String(index));
    rows.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    const added = rows.lastElementChild;
    const first = added.querySelector("select, input:not([type=hidden]), textarea");
    if (first) {
      first.focus();
    }
    refresh();
  }

  function removeRow(row) {
    // Rows keep their index: tick DELETE and hide, so the formset numbering stays whole.
    const remove = row.querySelector('input[name$="-DELETE"]');
    if (remove) {
      remove.checked = true;
    }
    row.classList.add("d-none");
    refresh();
  }

  form.addEventListener("click", (event) => {
    if (event.target.closest("[data-need-add]")) {
      event.preventDefault();
      addRow();
      return;
    }
    const removeButton = event.target.closest("[data-need-remove]");
    if (removeButton) {
      event.preventDefault();
      removeRow(removeButton.closest("[data-need-row]"));
    }
  });

  form.addEventListener("input", refresh);

  let submitting = false;
  form.addEventListener("submit", (event) => {
    const button = event.submitter;
    if (button && button.dataset.confirm && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
      return;
    }
    // A second click while the first POST is on its way would only repeat it.
    if (submitting) {
      event.preventDefault();
      return;
    }
    submitting = true;
  });

  refresh();
})();
