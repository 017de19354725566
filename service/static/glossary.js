// The glossary pages: upload a glossary; read, search, sort and edit one a page and a term at a time.
// Terms come from GET /v1/glossaries/{name}/terms and each change goes out alone with PATCH, naming the
// version it was made on (If-Match), so a glossary of any size is edited here and nobody's save is lost.
"use strict";

const GLOSSARY_TYPES = { tsv: "text/tab-separated-values", csv: "text/csv", "csv-sets": "text/csv", json: "application/json" };
const COLUMNS = [
  ["source", "Source forms"], ["target", "English"], ["type", "Type"], ["case", "Case-sensitive"], ["keep", "Keep"],
  ["notes", "Notes"],
];

// A list as a person types it: pipes separate where there are any (a source may hold a comma), else commas.
function splitList(text) {
  const parts = text.includes("|") ? text.split("|") : text.split(",");
  return parts.map((part) => part.trim()).filter(Boolean);
}

function setUpUpload() {
  const upload = document.getElementById("upload-glossary");
  if (!upload) return;
  upload.addEventListener("submit", async (event) => {
    event.preventDefault();
    const file = upload.elements.file.files[0];
    const format = upload.elements.format.value || file.name.split(".").pop().toLowerCase();
    const name = upload.elements.name.value.trim();
    // The file goes as it is: api() would send a JSON file's text as one JSON string.
    const path = `/v1/glossaries/${encodeURIComponent(name)}?format=${encodeURIComponent(format)}`;
    const { ok, data } = await send("PUT", path, await file.text(), { "Content-Type": GLOSSARY_TYPES[format] || "text/plain" });
    if (ok) window.location.href = `/glossaries/${encodeURIComponent(name)}`;
    else notice(problemText(data));
  });
}

class GlossaryEditor {
  constructor(section) {
    this.section = section;
    this.name = section.dataset.name;
    this.path = `/v1/glossaries/${encodeURIComponent(this.name)}`;
    this.version = Number(section.dataset.version);
    this.editable = section.dataset.editable === "true";
    this.state = { q: "", sort: "", order: "asc", page: 1, limit: Number(section.dataset.limit) };
    this.rows = document.getElementById("term-rows");
    this.types = [...document.getElementById("type-options").content.querySelectorAll("option")].map((o) => o.value);
  }

  start() {
    const search = document.getElementById("term-search");
    search.addEventListener("submit", (event) => {
      event.preventDefault();
      this.state.q = search.elements.q.value;
      this.state.page = 1;
      this.load();
    });
    for (const button of this.section.querySelectorAll("button.sort")) {
      button.addEventListener("click", () => this.sortBy(button.dataset.sort));
    }
    document.getElementById("previous-page").addEventListener("click", () => this.turn(-1));
    document.getElementById("next-page").addEventListener("click", () => this.turn(1));
    const add = document.getElementById("add-term");
    if (add) {
      // A new term's case rule is unset (acronyms exact, other forms in any case) until ticked or cleared.
      add.elements.case_sensitive.indeterminate = true;
      add.addEventListener("submit", (event) => { event.preventDefault(); this.add(add); });
    }
    const remove = document.getElementById("delete-glossary");
    if (remove) remove.addEventListener("click", () => this.deleteGlossary());
    this.load();
  }

  sortBy(key) {
    const same = this.state.sort === key;
    this.state.order = same && this.state.order === "asc" ? "desc" : "asc";
    this.state.sort = key;
    this.state.page = 1;
    for (const th of this.section.querySelectorAll("thead th[aria-sort]")) {
      const mine = th.querySelector("button.sort").dataset.sort === key;
      th.setAttribute("aria-sort", mine ? (this.state.order === "asc" ? "ascending" : "descending") : "none");
    }
    this.load();
  }

  turn(step) {
    this.state.page = Math.max(1, Math.min(this.pages || 1, this.state.page + step));
    this.load();
  }

  async load() {
    const { q, sort, order, page, limit } = this.state;
    const query = new URLSearchParams({ q, order, page, limit });
    if (sort) query.set("sort", sort);
    try {
      this.show(await api("GET", `${this.path}/terms?${query}`));
    } catch (error) {
      notice(error.message);
    }
  }

  show(listed) {
    this.pages = listed.pages;
    this.setVersion(listed.version, listed.total);
    this.rows.replaceChildren(...listed.terms.map((term) => this.row(term)));
    const first = listed.matching ? (listed.page - 1) * listed.limit + 1 : 0;
    const last = Math.min(listed.matching, listed.page * listed.limit);
    const found = this.state.q ? ` matching “${this.state.q}”` : "";
    document.getElementById("term-summary").textContent =
      `Terms ${first.toLocaleString()}–${last.toLocaleString()} of ${listed.matching.toLocaleString()}${found}` +
      ` (${listed.total.toLocaleString()} in the glossary).`;
    document.getElementById("page-status").textContent = `Page ${listed.page} of ${listed.pages}`;
    document.getElementById("previous-page").disabled = listed.page <= 1;
    document.getElementById("next-page").disabled = listed.page >= listed.pages;
  }

  setVersion(version, total) {
    this.version = version;
    document.getElementById("glossary-version").textContent = version;
    if (total !== undefined) document.getElementById("glossary-count").textContent = total.toLocaleString();
  }

  cell(tr, key, content) {
    const td = document.createElement("td");
    td.className = `col-${key}`;
    td.dataset.label = COLUMNS.find(([k]) => k === key)?.[1] || "Changes";
    if (typeof content === "string") td.textContent = content;
    else td.append(...content);
    tr.append(td);
    return td;
  }

  row(term) {
    const tr = document.createElement("tr");
    tr.dataset.id = term.id;
    const notes = term.notes === undefined || typeof term.notes === "string" ? term.notes || "" : JSON.stringify(term.notes);
    const caseText = term.case_sensitive === undefined || term.case_sensitive === null ? "unset" : term.case_sensitive ? "yes" : "no";
    if (!this.editable) {
      this.cell(tr, "source", term.sources.join(" | ")).lang = "id";
      const target = this.cell(tr, "target", term.target);
      if ((term.forms || []).length) target.append(document.createElement("br"), `also: ${term.forms.join(" | ")}`);
      this.cell(tr, "type", term.type || "other");
      this.cell(tr, "case", caseText);
      this.cell(tr, "keep", term.keep ? "yes" : "no");
      this.cell(tr, "notes", notes);
      return tr;
    }
    const label = term.target;
    const text = (name, value, what) => {
      const input = document.createElement("input");
      Object.assign(input, { name, defaultValue: value, autocomplete: "off" });
      input.setAttribute("aria-label", `${what} of ${label}`);
      return input;
    };
    const sources = text("sources", term.sources.join(" | "), "Source forms");
    sources.lang = "id";
    this.cell(tr, "source", [sources]);
    const target = text("target", term.target, "English");
    const forms = text("forms", (term.forms || []).join(" | "), "Other English forms");
    forms.placeholder = "other English forms";
    this.cell(tr, "target", [target, forms]);
    const type = document.createElement("select");
    type.name = "type";
    type.setAttribute("aria-label", `Type of ${label}`);
    for (const name of this.types) type.append(new Option(name, name, false, name === (term.type || "other")));
    this.cell(tr, "type", [type]);
    const box = (name, checked, what) => {
      const input = document.createElement("input");
      Object.assign(input, { type: "checkbox", name, checked: Boolean(checked) });
      input.setAttribute("aria-label", `${what}: ${label}`);
      return input;
    };
    const caseBox = box("case_sensitive", term.case_sensitive, "Case-sensitive");
    // Unset (acronyms exact, other forms in any case but capitalized) shows as neither, until changed.
    caseBox.indeterminate = term.case_sensitive === undefined || term.case_sensitive === null;
    caseBox.title = caseBox.indeterminate ? "Unset: acronyms match exactly, other forms in any case" : "";
    this.cell(tr, "case", [caseBox]);
    this.cell(tr, "keep", [box("keep", term.keep, "Keep untranslated")]);
    const notesInput = text("notes", notes, "Notes");
    // Notes a file gave as other JSON than text are kept as they are, shown but not edited.
    notesInput.readOnly = typeof term.notes !== "string" && term.notes !== undefined;
    this.cell(tr, "notes", [notesInput]);
    const save = document.createElement("button");
    Object.assign(save, { type: "button", className: "save-term", textContent: "Save" });
    save.setAttribute("aria-label", `Save ${label}`);
    const remove = document.createElement("button");
    Object.assign(remove, { type: "button", className: "delete-term danger", textContent: "Delete" });
    remove.setAttribute("aria-label", `Delete ${label}`);
    const status = document.createElement("span");
    status.className = "row-status";
    status.setAttribute("role", "status");
    this.cell(tr, "actions", [save, " ", remove, " ", status]);
    save.addEventListener("click", () => this.save(tr, term));
    remove.addEventListener("click", () => this.remove(tr, term));
    tr.addEventListener("keydown", (event) => {
      if (event.key === "Enter" && event.target.tagName === "INPUT" && event.target.type !== "checkbox") {
        event.preventDefault();
        this.save(tr, term);
      }
    });
    return tr;
  }

  // The term as the row now says, every member it had kept (an id, notes as JSON, members Warta ignores).
  entryOf(fields, original = {}) {
    const entry = { ...original };
    entry.sources = splitList(fields.sources.value);
    entry.target = fields.target.value.trim();
    entry.forms = splitList(fields.forms.value);
    entry.type = fields.type.value;
    entry.keep = fields.keep.checked;
    const caseBox = fields.case_sensitive;
    entry.case_sensitive = caseBox.indeterminate ? null : caseBox.checked;
    // Notes are written only where the editor changed them: notes as a file gave them stay as they were.
    if (!fields.notes.readOnly && fields.notes.value !== fields.notes.defaultValue) {
      const notes = fields.notes.value.trim();
      if (notes) entry.notes = notes;
      else delete entry.notes;
    }
    return entry;
  }

  fieldsOf(tr) {
    const fields = {};
    for (const input of tr.querySelectorAll("input, select")) fields[input.name] = input;
    return fields;
  }

  async patch(change, status) {
    const headers = { "Content-Type": "application/json", "If-Match": `"${this.version}"` };
    const { ok, status: code, data } = await send("PATCH", this.path, JSON.stringify(change), headers);
    if (!ok) {
      // Someone saved meanwhile: what is typed stays in the row, to be made again on what they saved.
      status.textContent = code === 412 && data.current
        ? `Not saved: someone saved version ${data.current.version} after the version ${this.version} shown here. ` +
          "Copy your change, search again to see theirs, and make it there."
        : `Not saved: ${problemText(data)}`;
      status.className = "row-status error";
      return null;
    }
    this.setVersion(data.version, data.terms);
    return data;
  }

  async save(tr, term) {
    const status = tr.querySelector(".row-status");
    status.textContent = "Saving…";
    status.className = "row-status";
    const entry = this.entryOf(this.fieldsOf(tr), term);
    const saved = await this.patch({ upsert: [entry] }, status);
    if (!saved) return;
    Object.assign(term, entry);
    for (const input of tr.querySelectorAll("input:not([type=checkbox])")) input.defaultValue = input.value;
    status.textContent = `Saved as version ${saved.version}.`;
    status.className = "row-status ok";
  }

  async remove(tr, term) {
    if (!window.confirm(`Delete the term ${term.target}?`)) return;
    const status = tr.querySelector(".row-status");
    const saved = await this.patch({ delete: [term.sources[0]] }, status);
    if (!saved) return;
    await this.load();
    notice(`Deleted ${term.target}: version ${saved.version}.`, "ok");
  }

  async add(form) {
    const status = document.getElementById("add-status");
    const entry = this.entryOf(form.elements);
    const saved = await this.patch({ upsert: [entry] }, status);
    if (!saved) return;
    form.reset();
    form.elements.case_sensitive.indeterminate = true;
    status.textContent = `Added ${entry.target} as version ${saved.version}.`;
    status.className = "row-status ok";
    await this.load();
  }

  async deleteGlossary() {
    if (!window.confirm(`Delete every version of ${this.name}?`)) return;
    try {
      await api("DELETE", this.path);
      window.location.href = "/glossaries";
    } catch (error) {
      notice(error.message);
    }
  }
}

document.addEventListener("DOMContentLoaded", () => {
  setUpUpload();
  const section = document.getElementById("glossary-editor");
  if (section) new GlossaryEditor(section).start();
});
