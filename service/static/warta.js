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

// One request to the API that never throws for an HTTP status, so a caller can act on a 412 or a 404.
async function send(method, path, body, headers = {}) {
  const response = await fetch(path, { method, credentials: "same-origin", headers, body });
  const data = (response.headers.get("Content-Type") || "").includes("json") ? await response.json() : null;
  return { ok: response.ok, status: response.status, data, headers: response.headers };
}

// A refusal in the problem's own words, with the field it names.
function problemText(data, status) {
  if (!data) return status ? `HTTP ${status}` : "The server did not answer.";
  return `${data.detail}${data.field ? ` (${data.field})` : ""}`;
}

// JSON in and out, for callers with nothing to do on a refusal but say it: it throws with its words.
async function api(method, path, body) {
  const json = body === undefined ? {} : { "Content-Type": "application/json" };
  const { ok, status, data } = await send(method, path, body === undefined ? undefined : JSON.stringify(body), json);
  if (!ok) throw new Error(problemText(data, status));
  return data;
}

function percent(job) {
  if (job.status === "succeeded") return 100;
  const { done, total } = job.progress;
  // All batches done is not the end: quality checks and the digest follow, so 100 % waits for success.
  return total ? Math.min(99, Math.floor((100 * done) / total)) : 0;
}

// When something happened, as a person says it: "just now", "3 min ago", "yesterday", then the date.
function ago(when, now = new Date()) {
  const seconds = Math.max(0, (now - when) / 1000);
  if (seconds < 45) return "just now";
  if (seconds < 3600) return `${Math.max(1, Math.round(seconds / 60))} min ago`;
  const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  if (when >= midnight || seconds < 6 * 3600) return `${Math.round(seconds / 3600)} h ago`;
  const days = Math.round((midnight - new Date(when.getFullYear(), when.getMonth(), when.getDate())) / 864e5);
  if (days <= 1) return "yesterday";
  if (days < 7) return `${days} days ago`;
  const sameYear = when.getFullYear() === now.getFullYear();
  return when.toLocaleDateString(undefined, { day: "numeric", month: "short", year: sameYear ? undefined : "numeric" });
}

// Every <time> under root says how long ago, with the full local time on hover.
function showTimes(root) {
  for (const time of root.querySelectorAll("time[datetime]")) {
    const when = new Date(time.dateTime);
    if (Number.isNaN(when.getTime())) continue;
    time.textContent = ago(when);
    time.title = when.toLocaleString(undefined, { dateStyle: "full", timeStyle: "long" });
  }
}

document.addEventListener("DOMContentLoaded", () => {
  showTimes(document);
  setInterval(() => showTimes(document), 30000);
});
