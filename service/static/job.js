// A job's page as an editor's workbench: follow progress, choose glossary terms, edit, review and approve
// the translation sentence by sentence, with the keyboard alone if the editor likes. After any change the
// article's rows are drawn again by the server (/jobs/<id>/rows/<article>), so flags, terms and states
// always come from the one template that drew the page.
"use strict";

const JOB = () => document.getElementById("job").dataset.job;

function setUpJob() {
  const section = document.getElementById("job");
  if (!section) return;
  if (!FINISHED.includes(section.dataset.status)) followProgress(section);
  setUpTermPanel();
  section.addEventListener("click", onClick);
  section.addEventListener("submit", (event) => event.target.matches("form.add-term") && addTerm(event));
  section.addEventListener("change", (event) => event.target.matches("input.approve") && approve(event.target));
  const filter = document.getElementById("sentence-filter");
  if (filter) filter.addEventListener("change", applyFilter);
  // On a phone the keys are of no use and the legend is long: both start closed there.
  if (window.matchMedia("(max-width: 40rem)").matches) {
    document.querySelectorAll("#workbench details").forEach((details) => (details.open = false));
  }
  const approveJob = document.getElementById("approve-job");
  if (approveJob) approveJob.addEventListener("click", () => approveAll(approveJob));
  document.addEventListener("keydown", onKey);
  document.addEventListener("focusin", (event) => {
    const row = event.target.closest && event.target.closest("tr.sentence");
    if (row) markCurrent(row);
  });
  applyFilter();
}

function followProgress(section) {
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

function onClick(event) {
  const target = event.target;
  const mark = target.closest("mark.term");
  if (mark && !target.closest(".legend")) return chooseTerm(mark);
  const row = target.closest("tr.sentence");
  if (!row) return;
  if (target.closest(".editable")) return startEdit(row);
  if (target.matches("button.use-match")) return startEdit(row, target.dataset.target);
  if (target.matches("button.review")) return toggleReview(row);
  if (target.matches("button.history")) return toggleHistory(row);
  if (target.matches("button.restore")) return restore(row, target.dataset.text, target.dataset.label);
}

// --- moving through the sentences ----------------------------------------------------------------------

function visibleRows() {
  return [...document.querySelectorAll("tr.sentence")].filter((row) => !row.hidden);
}

function currentRow() {
  return document.querySelector("tr.sentence.current");
}

function markCurrent(row) {
  document.querySelectorAll("tr.sentence.current").forEach((r) => r.classList.remove("current"));
  row.classList.add("current");
}

function focusRow(row) {
  if (!row) return;
  markCurrent(row);
  const spot = row.querySelector(".editable") || row.querySelector("button");
  if (spot) spot.focus();
  row.scrollIntoView({ block: "nearest" });
}

function step(by, only = () => true) {
  const rows = visibleRows();
  const at = rows.indexOf(currentRow());
  const order = by > 0 ? rows.slice(at + 1) : rows.slice(0, Math.max(at, 0)).reverse();
  const next = order.find(only);
  if (next) focusRow(next);
  else notice(by > 0 ? "No further sentence here." : "No earlier sentence here.", "ok");
}

const flagged = (row) => row.dataset.flagged === "true";

// Single keys act only outside text fields, so typing an edit never moves the page.
function onKey(event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return;
  const typing = event.target.closest && event.target.closest("input, textarea, select, [contenteditable]");
  if (event.key === "Escape") return closePanels();
  if (typing) return;
  if (event.key === "Enter" && !event.target.closest(".editable")) return;
  const row = currentRow();
  const actions = {
    j: () => step(1),
    k: () => step(-1),
    n: () => step(1, flagged),
    p: () => step(-1, flagged),
    r: () => row && toggleReview(row),
    h: () => row && toggleHistory(row),
    a: () => row && approveArticle(row.dataset.article),
    A: () => approveAll(document.getElementById("approve-job")),
    Enter: () => row && startEdit(row),
  };
  const action = actions[event.key];
  if (!action) return;
  event.preventDefault();
  action();
}

function closePanels() {
  document.getElementById("term-panel").hidden = true;
  document.querySelectorAll(".history-list").forEach((list) => closeHistory(list.closest("tr.sentence")));
}

const FILTERS = {
  all: () => true,
  flagged,
  unedited: (row) => ["machine", "memory"].includes(row.dataset.state),
  unreviewed: (row) => !["reviewed", "approved"].includes(row.dataset.state),
};

function applyFilter() {
  const filter = document.getElementById("sentence-filter");
  if (!filter) return;
  const keep = FILTERS[filter.value];
  const rows = [...document.querySelectorAll("tr.sentence")];
  rows.forEach((row) => (row.hidden = !keep(row)));
  const shown = rows.filter((row) => !row.hidden).length;
  const counts = { flagged: rows.filter(flagged).length, edited: rows.filter((r) => r.dataset.state === "edited").length };
  document.getElementById("filter-count").textContent =
    `${shown} of ${rows.length} sentences shown · ${counts.flagged} flagged · ${counts.edited} edited`;
}

// --- the glossary term panel ----------------------------------------------------------------------------

function setUpTermPanel() {
  const close = document.getElementById("term-close");
  if (close) close.addEventListener("click", () => (document.getElementById("term-panel").hidden = true));
  document.addEventListener("keydown", (event) => {
    const mark = event.target.closest && event.target.closest("mark.term");
    if (mark && event.key === "Enter") {
      event.stopPropagation();
      event.preventDefault();
      chooseTerm(mark);
    }
  }, true);
}

function chooseTerm(mark) {
  const same = document.querySelectorAll(`tr.sentence mark.term[data-term="${CSS.escape(mark.dataset.term)}"]`);
  document.querySelectorAll("mark.term.active").forEach((m) => m.classList.remove("active"));
  same.forEach((m) => m.classList.add("active"));
  document.getElementById("term-source").textContent = mark.dataset.source;
  document.getElementById("term-target").textContent = mark.dataset.target;
  document.getElementById("term-status").textContent = mark.dataset.status;
  document.getElementById("term-count").textContent = same.length;
  document.getElementById("term-panel").hidden = false;
}

// --- post-editing --------------------------------------------------------------------------------------

function sentencePath(row) {
  return `/v1/jobs/${JOB()}/articles/${encodeURIComponent(row.dataset.article)}/sentences/${row.dataset.index}`;
}

function revisionOf(row) {
  return row.querySelector(".editable").dataset.revision;
}

// Ctrl+Enter saves, Escape gives the sentence back unchanged: an editor never needs the mouse.
function startEdit(row, text) {
  const span = row.querySelector(".editable");
  if (!span || span.hidden) return;
  const box = document.createElement("textarea");
  box.className = "edit-box";
  box.value = text ?? span.textContent;
  box.setAttribute("aria-label", `Translation of sentence ${Number(row.dataset.index) + 1} (Ctrl+Enter saves, Escape cancels)`);
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
  save.addEventListener("click", () => saveEdit(row, box.value, "Saved"));
  box.addEventListener("keydown", (event) => {
    if (event.key === "Escape") (event.stopPropagation(), close());
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      saveEdit(row, box.value, "Saved");
    }
  });
}

async function saveEdit(row, text, done) {
  const headers = { "Content-Type": "application/json", "If-Match": `"${revisionOf(row)}"` };
  const { ok, status, data } = await send("PATCH", sentencePath(row), JSON.stringify({ target: text }), headers);
  if (status === 412 && data && data.current) {
    // Someone saved first: their translation is shown, ours stays in the box; saving again replaces theirs.
    const current = data.current;
    const span = row.querySelector(".editable");
    span.dataset.revision = current.revision;
    span.textContent = current.target;
    say(row, "Someone saved this sentence first; your text is still in the box.", true);
    notice(`Someone saved this sentence first: “${current.target}”. Your text is still in the box; save again to replace theirs.`);
    return;
  }
  if (!ok) {
    say(row, "Not saved.", true);
    return notice(problemText(data, status));
  }
  const fresh = await redraw(row);
  say(fresh, `${done} · revision ${data.sentence.revision}`);
  showProposals(fresh, data.proposals || []);
  focusRow(fresh);
  refreshEdits(row.dataset.article);
}

// The confirmation beside the sentence itself, where the editor is looking.
function say(row, message, error = false) {
  const saved = row.querySelector(".saved");
  saved.textContent = message;
  saved.classList.toggle("error", error);
}

// The article's rows drawn again by the server; the row standing where ``row`` stood is returned.
async function redraw(row) {
  const article = row.dataset.article;
  const response = await fetch(`/jobs/${JOB()}/rows/${encodeURIComponent(article)}`, { credentials: "same-origin" });
  if (!response.ok) return row;
  const rows = new DOMParser().parseFromString(`<table><tbody>${await response.text()}</tbody></table>`, "text/html");
  const body = [...document.querySelectorAll("table.sentences")].find((t) => t.dataset.article === article).tBodies[0];
  body.replaceChildren(...rows.querySelectorAll("tr.sentence"));
  applyFilter();
  return [...body.rows].find((r) => r.dataset.index === row.dataset.index) || body.rows[0];
}

async function toggleReview(row) {
  const button = row.querySelector("button.review");
  if (!button) return;
  const reviewed = button.getAttribute("aria-pressed") !== "true";
  try {
    await api("PUT", `${sentencePath(row)}/review`, { reviewed });
    const fresh = await redraw(row);
    say(fresh, reviewed ? "Marked reviewed" : "Review withdrawn");
    focusRow(fresh);
  } catch (error) {
    say(row, error.message, true);
  }
}

// --- revision history ------------------------------------------------------------------------------------

function closeHistory(row) {
  const list = row.querySelector(".history-list");
  if (list) list.remove();
  const button = row.querySelector("button.history");
  if (button) button.setAttribute("aria-expanded", "false");
}

async function toggleHistory(row) {
  const button = row.querySelector("button.history");
  if (!button) return say(row, "No earlier revision: the sentence was never edited.");
  if (row.querySelector(".history-list")) return (closeHistory(row), focusRow(row));
  const { sentence, revisions } = await api("GET", sentencePath(row));
  const list = document.createElement("ol");
  list.className = "history-list";
  list.setAttribute("aria-label", "Revisions of this sentence");
  const entry = (label, text, when) => {
    const item = document.createElement("li");
    const meta = document.createElement("span");
    meta.className = "meta";
    meta.textContent = when ? `${label} · ${ago(new Date(when))}` : label;
    const words = document.createElement("q");
    words.textContent = text;
    item.append(meta, words);
    if (text !== sentence.target) {
      const restoreButton = document.createElement("button");
      restoreButton.type = "button";
      restoreButton.className = "restore small";
      restoreButton.textContent = "Restore";
      restoreButton.dataset.text = text;
      restoreButton.dataset.label = label;
      item.append(" ", restoreButton);
    } else {
      item.append(" (current)");
    }
    list.append(item);
  };
  const machine = sentence.machine ?? (revisions[0] && revisions[0].before);
  if (machine) entry("Machine translation", machine);
  for (const revision of revisions) entry(`Revision ${revision.revision} by ${revision.changed_by}`, revision.after, revision.changed_at);
  row.querySelector(".sentence-tools").after(list);
  button.setAttribute("aria-expanded", "true");
  const first = list.querySelector("button.restore");
  if (first) first.focus();
}

async function restore(row, text, label) {
  await saveEdit(row, text, `Restored ${label.replace(/ by .*/, "").toLowerCase()}`);
}

// --- approval and the edit counts ----------------------------------------------------------------------

function editsLine(edits) {
  return `${edits.edited} of ${edits.sentences} sentences edited (${(100 * (edits.rate || 0)).toFixed(1)}%)`
    + (edits.hter ? `, HTER ${edits.hter.score}` : "") + (edits.approved ? ", approved" : "");
}

async function refreshEdits(articleId) {
  const result = await api("GET", `/v1/jobs/${JOB()}/result?format=json`);
  for (const article of result.articles) {
    if (articleId && article.id !== articleId) continue;
    const holder = [...document.querySelectorAll(".article-edits")].find((p) => p.dataset.article === article.id);
    if (!holder) continue;
    if (article.edits) holder.querySelector(".edits").textContent = editsLine(article.edits);
    holder.querySelector("input.approve").checked = Boolean(article.edits && article.edits.approved);
  }
  const total = document.querySelector(".job-edits");
  if (total && result.edits) total.textContent = editsLine(result.edits);
  showJobApproval(Boolean(result.edits && result.edits.approved));
}

function showJobApproval(approved) {
  const button = document.getElementById("approve-job");
  if (!button) return;
  button.setAttribute("aria-pressed", String(approved));
  button.textContent = approved ? "Withdraw the job’s approval" : "Approve the whole job";
}

async function approveArticle(articleId) {
  const box = [...document.querySelectorAll("input.approve")].find((b) => b.dataset.article === articleId);
  box.checked = !box.checked;
  await approve(box);
}

async function approve(box) {
  try {
    await api("PUT", `/v1/jobs/${JOB()}/articles/${encodeURIComponent(box.dataset.article)}/approval`, { approved: box.checked });
    notice(box.checked ? "Article approved." : "Approval withdrawn.", "ok");
    await redrawArticle(box.dataset.article);
    await refreshEdits(box.dataset.article);
  } catch (error) {
    box.checked = !box.checked;
    notice(error.message);
  }
}

async function approveAll(button) {
  const approved = button.getAttribute("aria-pressed") !== "true";
  try {
    await api("PUT", `/v1/jobs/${JOB()}/approval`, { approved });
    for (const table of document.querySelectorAll("table.sentences")) await redrawArticle(table.dataset.article);
    await refreshEdits(null);
    notice(approved ? "The whole job is approved." : "The job's approval is withdrawn.", "ok");
  } catch (error) {
    notice(error.message);
  }
}

async function redrawArticle(articleId) {
  const table = [...document.querySelectorAll("table.sentences")].find((t) => t.dataset.article === articleId);
  const first = table && table.querySelector("tr.sentence");
  if (!first) return;
  const current = currentRow();
  const fresh = await redraw(first);
  if (current && current.dataset.article === articleId) {
    markCurrent([...fresh.parentElement.rows].find((r) => r.dataset.index === current.dataset.index) || fresh);
  }
}

// --- glossary proposals ----------------------------------------------------------------------------------

function showProposals(row, proposals) {
  const cell = row.querySelector("td.target");
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
    target.setAttribute("aria-label", `Translation of ${proposal.source}`);
    const glossary = document.createElement("input");
    glossary.name = "glossary";
    glossary.value = "my-glossary";
    glossary.setAttribute("aria-label", "Glossary name");
    const add = document.createElement("button");
    add.type = "submit";
    add.textContent = "Add to glossary";
    form.append(label, target, " ", glossary, " ", add);
    cell.append(form);
  }
}

// A name or a proposal added to a glossary of the editor's: one term-level edit (PATCH on the version just
// read) that changes the English of the term holding the source, keeping its other members, or adds a
// term; a glossary that does not exist yet is made holding it alone.
async function addTerm(event) {
  event.preventDefault();
  const form = event.target;
  const name = form.elements.glossary.value.trim();
  const source = form.dataset.source;
  const target = form.elements.target.value.trim();
  const path = `/v1/glossaries/${encodeURIComponent(name)}`;
  try {
    const { glossaries } = await api("GET", "/v1/glossaries");
    let stored;
    if (!glossaries.some((g) => g.name === name)) {
      stored = await api("PUT", path, { terms: [{ sources: [source], target, type: form.dataset.type }] });
    } else {
      const read = await send("GET", `${path}/terms?limit=200&q=${encodeURIComponent(source)}`);
      if (!read.ok) throw new Error(problemText(read.data, read.status));
      const same = (s) => s.toLocaleLowerCase() === source.toLocaleLowerCase();
      const held = read.data.terms.find((t) => t.sources.some(same));
      const term = held ? { ...held, target } : { sources: [source], target, type: form.dataset.type };
      const headers = { "Content-Type": "application/json", "If-Match": read.headers.get("ETag") };
      const saved = await send("PATCH", path, JSON.stringify({ upsert: [term] }), headers);
      if (!saved.ok) throw new Error(problemText(saved.data, saved.status));
      stored = saved.data;
    }
    notice(`Added ${source} → ${target} to ${name} (version ${stored.version}).`, "ok");
  } catch (error) {
    notice(error.message);
  }
}

document.addEventListener("DOMContentLoaded", setUpJob);
