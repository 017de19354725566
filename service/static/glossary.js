// The glossary pages: upload a glossary, edit or delete one.
"use strict";

const GLOSSARY_TYPES = { tsv: "text/tab-separated-values", csv: "text/csv", "csv-sets": "text/csv", json: "application/json" };

function setUpGlossaries() {
  const upload = document.getElementById("upload-glossary");
  if (upload) {
    upload.addEventListener("submit", async (event) => {
      event.preventDefault();
      const file = upload.elements.file.files[0];
      const format = upload.elements.format.value || file.name.split(".").pop().toLowerCase();
      const name = upload.elements.name.value.trim();
      try {
        await api("PUT", `/v1/glossaries/${encodeURIComponent(name)}?format=${encodeURIComponent(format)}`,
          await file.text(), GLOSSARY_TYPES[format] || "text/plain");
        window.location.href = `/glossaries/${encodeURIComponent(name)}`;
      } catch (error) {
        notice(error.message);
      }
    });
  }
  const edit = document.getElementById("edit-glossary");
  if (!edit) return;
  const path = `/v1/glossaries/${encodeURIComponent(edit.dataset.name)}`;
  edit.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const terms = edit.elements.terms;
      await api("PUT", path, terms.value, GLOSSARY_TYPES[terms.dataset.format]);
      window.location.reload();
    } catch (error) {
      notice(error.message);
    }
  });
  document.getElementById("delete-glossary").addEventListener("click", async () => {
    if (!window.confirm(`Delete every version of ${edit.dataset.name}?`)) return;
    try {
      await api("DELETE", path);
      window.location.href = "/glossaries";
    } catch (error) {
      notice(error.message);
    }
  });
}

document.addEventListener("DOMContentLoaded", setUpGlossaries);
