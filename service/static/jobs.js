// The submit page: send articles through the JSON API, follow the jobs' progress and say how long ago each was created.
"use strict";

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

function showProgress(row, job) {
  const bar = row.querySelector("progress");
  bar.max = 100;
  bar.value = percent(job);
  row.querySelector(".percent").textContent = `${percent(job)}%`;
  const status = row.querySelector(".status");
  status.textContent = job.status + (job.error ? ` (${job.error.code})` : "");
}

function showTitle(row, job) {
  const link = row.querySelector(".title a");
  const title = job.title || "Untitled job";
  if (link.textContent !== title) link.textContent = title;
}

// A row as the server draws one (index.html): title and short id, pair, status, progress, created.
function jobRow(job) {
  const row = document.createElement("tr");
  row.dataset.job = job.id;
  const title = document.createElement("th");
  title.scope = "row";
  title.className = "title";
  const link = document.createElement("a");
  link.href = `/jobs/${job.id}`;
  const id = document.createElement("small");
  id.className = "job-id";
  id.textContent = job.id.slice(0, 8);
  title.append(link, " ", id);
  const [pair, status, progress, created] = ["pair-code", "status", "progress", "created"].map(
    (className) => Object.assign(document.createElement("td"), { className }),
  );
  pair.textContent = `${job.options.source_lang}→${job.options.target_lang}`;
  const bar = document.createElement("progress");
  bar.setAttribute("aria-label", "Progress");
  const label = document.createElement("span");
  label.className = "percent";
  progress.append(bar, " ", label);
  const time = document.createElement("time");
  time.dateTime = job.created_at;
  created.append(time);
  row.append(title, pair, status, progress, created);
  showTitle(row, job);
  showProgress(row, job);
  showTimes(row);
  return row;
}

async function refreshJobs(table) {
  const rows = [...table.querySelectorAll("tbody tr")];
  const running = rows.filter((row) => !FINISHED.includes(row.querySelector(".status").textContent.split(" ")[0]));
  if (!running.length) return;
  const { jobs } = await api("GET", "/v1/jobs?limit=50");
  const byId = new Map(jobs.map((job) => [job.id, job]));
  for (const row of running) {
    // A row of an older page is not among the newest jobs: it is asked for by itself.
    const job = byId.get(row.dataset.job) || (await api("GET", `/v1/jobs/${row.dataset.job}`));
    showTitle(row, job);
    showProgress(row, job);
  }
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
      document.getElementById("no-jobs")?.remove();
      notice(`Job ${job.id.slice(0, 12)} queued with ${articles.length} article(s).`, "ok");
      form.reset();
    } catch (error) {
      notice(error.message);
    }
  });
  setInterval(() => refreshJobs(table).catch((error) => notice(error.message)), 1000);
}

document.addEventListener("DOMContentLoaded", setUpSubmit);
