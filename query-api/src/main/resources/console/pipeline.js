// Pipeline page: refreshed every few seconds from /console/api/status (query-api condenses the services' metrics).
import { getJson, explain } from "tb/api";
import { number, millis, esc } from "tb/format";

const EVERY_MS = 3000;
let timer = null;

export function stopPipeline() {
  if (timer) clearInterval(timer);
  timer = null;
}

export function renderPipeline(main) {
  main.innerHTML = `<h2>Pipeline</h2><p class="muted" id="pipeline-updated">Loading…</p><div id="pipeline-result"></div>`;
  const refresh = () => load(main.querySelector("#pipeline-result"), main.querySelector("#pipeline-updated"));
  refresh();
  timer = setInterval(refresh, EVERY_MS);
}

async function load(out, updated) {
  let s;
  try {
    s = await getJson("/console/api/status");
  } catch (e) {
    updated.textContent = explain(e);
    return;
  }
  if (!out.isConnected) return;
  const ratio = (r) => (r === null || r === undefined ? "—" : number(r * 100, 1) + "%");
  out.innerHTML = `
    <div class="cards">
      <div class="card"><div class="label">Changes in</div><div class="value" id="changes-rate">${rate(s.rates.changes_in_per_s)}</div>
        <div class="muted">${number(s.rates.changes_total)} since start</div></div>
      <div class="card"><div class="label">Documents out</div><div class="value" id="documents-rate">${rate(s.rates.documents_out_per_s)}</div>
        <div class="muted">${number(s.rates.documents_total)} since start</div></div>
      <div class="card"><div class="label">Last rebuild</div><div class="value" id="rebuild">${rebuild(s.rebuild)}</div>
        <div class="muted">${s.rebuild.rebuilds === null ? "" : number(s.rebuild.rebuilds) + " rebuild(s) since start"}</div></div>
    </div>
    <h2>Services</h2>${table("services", ["Service", "Up", "Error"], s.services.map((x) => [esc(x.service),
      `<span class="${x.up ? "up" : "down"}">${x.up ? "up" : "down"}</span>`, esc(x.error ?? "")]))}
    <h2>Freshness (source commit to stage)</h2>${table("freshness", ["Stage", "Series", "p50", "p99"], s.freshness.map((f) => [esc(f.stage),
      esc(f.series ?? ""), millis(f.p50_ms), millis(f.p99_ms)]), [2, 3])}
    <h2>Consumer lag</h2>${table("lag", ["Service", "Group", "Topic", "Records", "Seconds"], s.consumer_lag.map((l) => [esc(l.service),
      esc(l.group), esc(l.topic), number(l.records), number(l.seconds, 3)]), [3, 4])}
    <h2>Cache hit rate by key type</h2>${table("cache", ["Type", "Hit rate", "Hits", "Misses"], s.cache.map((c) => [esc(c.type),
      ratio(c.hit_ratio), number(c.hits), number(c.misses)]), [1, 2, 3])}
    <h2>Dead-letter queues</h2>${table("dlq", ["Service", "Metric", "Records"], s.dlq.map((d) => [esc(d.service), esc(d.metric),
      `<span class="${d.records > 0 ? "down" : ""}">${number(d.records)}</span>`]), [2])}`;
  updated.textContent = "Updated " + new Date(s.generated_at).toLocaleTimeString("en-US") + " · refreshes every " + EVERY_MS / 1000 + " s";
  document.body.dataset.rendered = "pipeline";
}

function rate(value) {
  return value === null || value === undefined ? "—" : number(value, 1) + "/s";
}

function rebuild(r) {
  if (r.running === null) return "—";
  if (r.running) return "running " + number(r.keys) + " / " + number(r.total);
  return r.rebuilds ? "done, " + number(r.keys) + " keys" : "none";
}

function table(id, headers, rows, numeric = []) {
  if (!rows.length) return `<p class="muted" id="${id}-empty">None reported.</p>`;
  const th = headers.map((h, i) => `<th class="${numeric.includes(i) ? "num" : ""}">${h}</th>`).join("");
  const body = rows.map((r) => "<tr>" + r.map((c, i) => `<td class="${numeric.includes(i) ? "num" : ""}">${c}</td>`).join("") + "</tr>").join("");
  return `<table id="${id}"><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}
