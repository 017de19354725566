// What every page of Warta's web page shares: the notice box, the JSON API, a job's percentage.
// Plain JavaScript, no build step, one file a page after this one; every text goes into the page
// through textContent, never as HTML.
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


// "3 min ago", "yesterday": how long ago an ISO time was, in the reader's language where it has one.
function relativeTime(iso, now = Date.now()) {
  const seconds = (new Date(iso).getTime() - now) / 1000;
  const units = [["year", 31536000], ["month", 2592000], ["week", 604800], ["day", 86400], ["hour", 3600], ["minute", 60]];
  const format = new Intl.RelativeTimeFormat(undefined, { numeric: "auto", style: "short" });
  for (const [unit, size] of units) if (Math.abs(seconds) >= size) return format.format(Math.round(seconds / size), unit);
  return format.format(Math.round(seconds), "second");
}

// Every <time class="relative"> says how long ago, its full time in its title; kept fresh each half minute.
function showRelativeTimes() {
  for (const time of document.querySelectorAll("time.relative")) {
    time.title = new Date(time.dateTime).toLocaleString();
    time.textContent = relativeTime(time.dateTime);
  }
}

document.addEventListener("DOMContentLoaded", () => {
  showRelativeTimes();
  setInterval(showRelativeTimes, 30000);
});
