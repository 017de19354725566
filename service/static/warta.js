// Warta's web page: submit through the JSON API, follow progress, make glossary terms clickable.
// Plain JavaScript, no build step; every text goes into the page through textContent, never as HTML.
"use strict";

// The statuses a job ends in, as the server's contract names them (JobStatus), read off the page.
const FINISHED = document.body.dataset.finished.split(" ");

function notice(message, kind = "error") {
  const box = document.getElementById("notice");
  box.textContent = message;
  box.className = kind;
  box.hidden = false;
}

async function api(method, path, body, contentType = "application/json") {
  const options = { method, credentials: "same-origin", headers: {} };
  if (body !== undefined) {
    options.headers["Content-Type"] = contentType;
    options.body = contentType === "application/json" ? JSON.stringify(body) : body;
  }
  const response = await fetch(path, options);
  const data = (response.headers.get("Content-Type") || "").includes("json") ? await response.json() : null;
  if (!response.ok) {
    const where = data && data.field ? ` (${data.field})` : "";
    throw new Error(data ? `${data.detail}${where}` : `HTTP ${response.status}`);
  }
  return data;
}

function percent(job) {
  if (job.status === "succeeded") return 100;
  const { done, total } = job.progress;
  // All batches done is not the end: quality checks and the digest follow, so 100 % waits for success.
  return total ? Math.min(99, Math.floor((100 * done) / total)) : 0;
}

function showProgress(row, job) {
  const bar = row.querySelector("progress");
  bar.max = 100;
  bar.value = percent(job);
  row.querySelector(".percent").textContent = `${percent(job)}%`;
  const status = row.querySelector(".status");
  status.textContent = job.status + (job.error ? ` (${job.error.code})` : "");
}

// --- submit page -----------------------------------------------------------------------------------

async function readArticles(form) {
  const articles = [];
  const text = form.querySelector("#text").value.trim();
  if (text) articles.push({ id: "pasted", text });
  for (const file of form.querySelector("#files").files) {
    const body = await file.text();
    const id = file.name.replace(/\.[^.]+$/, "");
    articles.push(/\.html?$/i.test(file.name) ? { id, html: body } : { id, text: body });
  }
  return articles;
}

function jobRow(job) {
  const row = document.createElement("tr");
  row.dataset.job = job.id;
  const link = document.createElement("a");
  link.href = `/jobs/${job.id}`;
  link.textContent = job.id.slice(0, 12);
  const pair = `${job.options.source_lang}→${job.options.target_lang}`;
  const cells = [link, pair, job.created_at, "", ""].map((content) => {
    const cell = document.createElement("td");
    if (content instanceof Node) cell.append(content);
    else cell.textContent = content;
    return cell;
  });
  cells[1].className = "pair-code";
  cells[3].className = "status";
  const bar = document.createElement("progress");
  const label = document.createElement("span");
  label.className = "percent";
  cells[4].append(bar, " ", label);
  row.append(...cells);
  showProgress(row, job);
  return row;
}

async function refreshJobs(table) {
  const rows = [...table.querySelectorAll("tbody tr")];
  if (!rows.some((row) => !FINISHED.includes(row.querySelector(".status").textContent.split(" ")[0]))) return;
  const { jobs } = await api("GET", "/v1/jobs?limit=50");
  const byId = new Map(jobs.map((job) => [job.id, job]));
  for (const row of rows) if (byId.has(row.dataset.job)) showProgress(row, byId.get(row.dataset.job));
}

function setUpSubmit() {
  const form = document.getElementById("submit-form");
  if (!form) return;
  const table = document.getElementById("jobs");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const articles = await readArticles(form);
    if (!articles.length) return notice("Paste an article or choose files first.");
    const tasks = [...form.querySelectorAll("input[name=task]:checked")].map((box) => box.value);
    const glossary = form.querySelector("#glossary").value || null;
    const summary_length = form.querySelector("#summary-length").value;
    const source_lang = form.querySelector("#source-lang").value;
    const target_lang = form.querySelector("#target-lang").value;
    try {
      const body = { articles, tasks, glossary, summary_length, source_lang, target_lang };
      const job = await api("POST", "/v1/jobs", body);
      table.querySelector("tbody").prepend(jobRow(job));
      notice(`Job ${job.id.slice(0, 12)} queued with ${articles.length} article(s).`, "ok");
      form.reset();
    } catch (error) {
      notice(error.message);
    }
  });
  setInterval(() => refreshJobs(table).catch((error) => notice(error.message)), 1000);
}

// --- job page ----------------------------------------------------------------------------------------

function setUpJob() {
  const section = document.getElementById("job");
  if (!section) return;
  if (!FINISHED.includes(section.dataset.status)) {
    const timer = setInterval(async () => {
      const job = await api("GET", `/v1/jobs/${section.dataset.job}`);
      const bar = document.getElementById("job-progress");
      bar.max = 100;
      bar.value = percent(job);
      section.querySelector(".percent").textContent = `${percent(job)}%`;
      section.querySelector(".status").textContent = job.status;
      if (FINISHED.includes(job.status)) {
        clearInterval(timer);
        setTimeout(() => window.location.reload(), 500);
      }
    }, 1000);
  }
  const panel = document.getElementById("term-panel");
  const choose = (mark) => {
    const same = document.querySelectorAll(`mark.term[data-term="${CSS.escape(mark.dataset.term)}"]`);
    document.querySelectorAll("mark.term.active").forEach((m) => m.classList.remove("active"));
    same.forEach((m) => m.classList.add("active"));
    document.getElementById("term-source").textContent = mark.dataset.source;
    document.getElementById("term-target").textContent = mark.dataset.target;
    document.getElementById("term-status").textContent = mark.dataset.status;
    document.getElementById("term-count").textContent = same.length;
    panel.hidden = false;
  };
  document.querySelectorAll("mark.term").forEach((mark) => {
    // A term sits inside an editable sentence: choosing it does not open the editor too.
    mark.addEventListener("click", (event) => (event.stopPropagation(), choose(mark)));
    mark.addEventListener("keydown", (event) => event.key === "Enter" && (event.stopPropagation(), choose(mark)));
  });
  document.querySelectorAll("form.add-term").forEach((form) => form.addEventListener("submit", addTerm));
  document.querySelectorAll(".editable").forEach((span) => {
    span.addEventListener("click", () => startEdit(span));
    span.addEventListener("keydown", (event) => event.key === "Enter" && (event.preventDefault(), startEdit(span)));
  });
  document.querySelectorAll("button.use-match").forEach((button) => button.addEventListener("click", () => {
    const span = button.closest("td").querySelector(".editable");
    startEdit(span, button.dataset.target);
  }));
  document.querySelectorAll("input.approve").forEach((box) => box.addEventListener("change", () => approve(box)));
}

// --- post-editing --------------------------------------------------------------------------------------

function sentencePath(span) {
  const job = document.getElementById("job").dataset.job;
  return `/v1/jobs/${job}/articles/${encodeURIComponent(span.dataset.article)}/sentences/${span.dataset.index}`;
}

// Ctrl+Enter saves, Escape gives the sentence back unchanged: an editor never needs the mouse.
function startEdit(span, text) {
  if (span.hidden) return;
  const box = document.createElement("textarea");
  box.className = "edit-box";
  box.value = text ?? span.textContent;
  box.setAttribute("aria-label", "English of the sentence (Ctrl+Enter saves, Escape cancels)");
  const save = document.createElement("button");
  save.type = "button";
  save.textContent = "Save";
  save.className = "save-edit";
  const cancel = document.createElement("button");
  cancel.type = "button";
  cancel.textContent = "Cancel";
  const editor = document.createElement("div");
  editor.className = "editor";
  editor.append(box, save, " ", cancel);
  span.hidden = true;
  span.after(editor);
  box.focus();
  const close = () => {
    editor.remove();
    span.hidden = false;
    span.focus();
  };
  cancel.addEventListener("click", close);
  save.addEventListener("click", () => saveEdit(span, box, close));
  box.addEventListener("keydown", (event) => {
    if (event.key === "Escape") close();
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) saveEdit(span, box, close);
  });
}

async function saveEdit(span, box, close) {
  const response = await fetch(sentencePath(span), {
    method: "PATCH",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", "If-Match": `"${span.dataset.revision}"` },
    body: JSON.stringify({ target: box.value }),
  });
  const data = await response.json();
  if (response.status === 412) {
    // Someone saved first: their English is shown, ours stays in the box; saving again overwrites theirs.
    const current = data.current;
    span.dataset.revision = current.revision;
    span.textContent = current.target;
    notice(`Someone saved this sentence first: “${current.target}”. Your text is still in the box; save again to replace theirs.`);
    return;
  }
  if (!response.ok) return notice(`${data.detail}${data.field ? ` (${data.field})` : ""}`);
  const sentence = data.sentence;
  span.textContent = sentence.target;
  span.dataset.revision = sentence.revision;
  const origin = span.parentElement.querySelector(".origin");
  origin.dataset.origin = sentence.origin;
  origin.textContent = "edited";
  close();
  notice(`Saved (revision ${sentence.revision}).`, "ok");
  showProposals(span, data.proposals || []);
  refreshEdits(span.dataset.article);
}

function showProposals(span, proposals) {
  const cell = span.parentElement;
  cell.querySelectorAll("form.add-term").forEach((form) => form.remove());
  for (const proposal of proposals) {
    const form = document.createElement("form");
    form.className = "add-term inline proposal";
    form.dataset.source = proposal.source;
    form.dataset.type = proposal.type;
    const label = document.createElement("span");
    label.textContent = `${proposal.source}: ${proposal.previous} → `;
    const target = document.createElement("input");
    target.name = "target";
    target.value = proposal.target;
    target.setAttribute("aria-label", `English for ${proposal.source}`);
    const glossary = document.createElement("input");
    glossary.name = "glossary";
    glossary.value = "my-glossary";
    glossary.setAttribute("aria-label", "Glossary name");
    const add = document.createElement("button");
    add.type = "submit";
    add.textContent = "Add to glossary";
    form.append(label, target, " ", glossary, " ", add);
    form.addEventListener("submit", addTerm);
    cell.append(form);
  }
}

async function refreshEdits(articleId) {
  const job = document.getElementById("job").dataset.job;
  const result = await api("GET", `/v1/jobs/${job}/result?format=json`);
  const article = result.articles.find((a) => a.id === articleId);
  const line = (edits) => `${edits.edited} of ${edits.sentences} sentences edited (${(100 * edits.rate).toFixed(1)}%)`
    + (edits.hter ? `, HTER ${edits.hter.score}` : "") + (edits.approved ? ", approved" : "");
  const holder = [...document.querySelectorAll(".article-edits")].find((p) => p.dataset.article === articleId);
  if (article && article.edits && holder) holder.querySelector(".edits").textContent = line(article.edits);
  const total = document.querySelector(".job-edits");
  if (total && result.edits) total.textContent = line(result.edits);
}

async function approve(box) {
  const job = document.getElementById("job").dataset.job;
  try {
    await api("PUT", `/v1/jobs/${job}/articles/${encodeURIComponent(box.dataset.article)}/approval`, { approved: box.checked });
    notice(box.checked ? "Article approved." : "Approval withdrawn.", "ok");
    refreshEdits(box.dataset.article);
  } catch (error) {
    box.checked = !box.checked;
    notice(error.message);
  }
}

async function addTerm(event) {
  event.preventDefault();
  const form = event.target;
  const name = form.elements.glossary.value.trim();
  const term = { sources: [form.dataset.source], target: form.elements.target.value.trim(), type: form.dataset.type };
  try {
    const { glossaries } = await api("GET", "/v1/glossaries");
    let terms = [];
    if (name !== "default" && glossaries.some((g) => g.name === name)) {
      terms = (await api("GET", `/v1/glossaries/${encodeURIComponent(name)}?format=json`)).terms;
    }
    terms = terms.filter((t) => !t.sources.includes(term.sources[0])).concat([term]);
    const stored = await api("PUT", `/v1/glossaries/${encodeURIComponent(name)}`, { terms });
    notice(`Added ${term.sources[0]} → ${term.target} to ${name} (version ${stored.version}).`, "ok");
  } catch (error) {
    notice(error.message);
  }
}

// --- glossary pages ----------------------------------------------------------------------------------

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

document.addEventListener("DOMContentLoaded", () => {
  setUpSubmit();
  setUpJob();
  setUpGlossaries();
});
