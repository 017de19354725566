// The submit page: send articles through the JSON API and follow the jobs' progress.
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

document.addEventListener("DOMContentLoaded", setUpSubmit);
