// A job's page: follow its progress, choose glossary terms, edit and approve its English.
"use strict";

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

document.addEventListener("DOMContentLoaded", setUpJob);
