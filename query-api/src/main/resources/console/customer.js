// Customer page: a user's current plan, top recommendations with their EFL prices, and 12 months of usage.
import { getJson, catalog, explain, ApiError } from "tb/api";
import { money, number, kwh, cents, percent, esc } from "tb/format";

const STATUS_TEXT = {
  insufficient_usage: "We have no meter readings for this customer yet, so we cannot estimate what any plan would cost. "
    + "Recommendations appear as soon as readings arrive.",
  no_eligible_plans: "No plan in this customer's region matches their preferences (renewable share, contract length) "
    + "apart from their current plan, so there is nothing to recommend.",
};

export function renderCustomer(main, userId) {
  main.innerHTML = `
    <h2>Customer</h2>
    <form id="customer-form">
      <label>User id <input id="user-id" name="user_id" required value="${esc(userId)}" placeholder="user-00001"></label>
      <button type="submit" id="show-customer">Show</button>
    </form>
    <div id="customer-result"></div>`;
  main.querySelector("#customer-form").addEventListener("submit", (e) => {
    e.preventDefault();
    location.hash = "#/customer/" + encodeURIComponent(main.querySelector("#user-id").value.trim());
  });
  if (userId) show(main.querySelector("#customer-result"), userId);
}

function done(state) {
  document.body.dataset.rendered = state;
  performance.mark("tb-rendered");
}

async function show(out, userId) {
  out.innerHTML = `<p class="muted">Loading ${esc(userId)}…</p>`;
  let rec;
  let usage;
  try {
    [rec, usage] = await Promise.all([
      getJson("/api/v1/recommendations/" + encodeURIComponent(userId)),
      getJson("/api/v1/users/" + encodeURIComponent(userId) + "/usage-analysis").catch((e) => e),
    ]);
  } catch (e) {
    const text = e instanceof ApiError && e.status === 404
      ? `No customer with the id "${esc(userId)}" is known to TreeBeard. Check the id, or add the customer through the write API.`
      : esc(explain(e));
    out.innerHTML = `<div class="message error" id="customer-message" data-kind="${e.status === 404 ? "unknown" : "error"}">${text}</div>`;
    done("error");
    return;
  }
  const [plans, current] = await Promise.all([
    catalog(rec.region).catch(() => ({ plans: [] })),
    rec.current_plan ? getJson("/api/v1/plans/" + encodeURIComponent(rec.current_plan.plan_id)).catch(() => null) : null,
  ]);
  const efl = new Map(plans.plans.map((p) => [p.plan_id, p.efl_avg_price_cents_per_kwh]));
  out.innerHTML = summary(rec, current) + message(rec) + recommendations(rec, efl) + usageSection(usage);
  if (!(usage instanceof Error) && usage.window.length) chart(out.querySelector("#usage-chart"), usage.window);
  done(rec.status);
}

function summary(rec, current) {
  const cp = rec.current_plan;
  return `<div class="cards">
    <div class="card"><div class="label">Region</div><div class="value" id="region">${esc(rec.region)}</div></div>
    <div class="card"><div class="label">Current plan</div><div class="value" id="current-plan-id">${cp ? esc(cp.plan_id) : "none"}</div>
      <div class="muted" id="current-plan-name">${current ? esc(current.provider + " · " + current.name) : ""}</div></div>
    <div class="card"><div class="label">Current annual cost</div><div class="value" id="current-plan-cost">${cp ? money(cp.annual_cost) : "—"}</div></div>
    <div class="card"><div class="label">Annual usage</div><div class="value" id="annual-kwh">${kwh(rec.annual_kwh)}</div>
      <div class="muted">${number(rec.months_with_data)} of 12 months with readings · confidence ${number(rec.confidence, 2)}</div></div>
    <div class="card"><div class="label">Data as of</div><div class="value" id="as-of">${esc(rec.as_of ?? "—")}</div>
      <div class="muted">document version ${rec.version ?? "not yet assigned"}</div></div>
  </div>`;
}

function message(rec) {
  const text = STATUS_TEXT[rec.status];
  return text ? `<div class="message" id="customer-message" data-kind="${esc(rec.status)}">${text}</div>` : "";
}

function signed(value) {
  if (value === null || value === undefined) return `<span>—</span>`;
  return `<span class="${value > 0 ? "positive" : value < 0 ? "negative" : ""}">${money(value)}</span>`;
}

function recommendations(rec, efl) {
  if (!rec.recommendations.length) return "";
  const rows = rec.recommendations.map((r) => {
    const e = efl.get(r.plan_id) || {};
    return `<tr data-plan-id="${esc(r.plan_id)}">
      <td class="num" data-field="rank">${r.rank}</td>
      <td data-field="plan"><strong>${esc(r.provider)}</strong> · ${esc(r.name)}<div class="muted">${esc(r.plan_id)} · ${percent(r.renewable_percentage)} renewable · ${r.contract_months ? r.contract_months + " months" : "no contract"}</div></td>
      <td class="num" data-field="annual_cost">${money(r.annual_cost)}</td>
      <td class="num" data-field="savings">${signed(r.savings)}</td>
      <td class="num" data-field="switching_cost">${money(r.switching_cost)}</td>
      <td class="num" data-field="net_first_year_savings">${signed(r.net_first_year_savings)}</td>
      <td class="num" data-field="efl500">${cents(e["500"])}</td>
      <td class="num" data-field="efl1000">${cents(e["1000"])}</td>
      <td class="num" data-field="efl2000">${cents(e["2000"])}</td>
      <td><ul class="reasons">${r.reasons.map((x) => `<li>${esc(x)}</li>`).join("")}</ul></td>
    </tr>`;
  }).join("");
  return `<h2>Top recommendations</h2>
    <table id="recommendations"><thead><tr><th class="num">#</th><th>Plan</th><th class="num">Annual cost</th><th class="num">Savings</th>
      <th class="num">Switching cost</th><th class="num">Net first year</th><th class="num">EFL 500</th><th class="num">EFL 1,000</th>
      <th class="num">EFL 2,000</th><th>Why</th></tr></thead><tbody>${rows}</tbody></table>`;
}

function usageSection(usage) {
  if (usage instanceof Error) return `<div class="message error" id="usage-message">${esc(explain(usage))}</div>`;
  if (!usage.window.length) return "";
  const rows = usage.window.map((m) => `<tr><td data-field="month">${esc(m.month)}</td><td class="num" data-field="kwh">${number(m.kwh, 1)}</td>
      <td class="num" data-field="peak_kwh">${number(m.peak_kwh, 1)}</td><td class="num" data-field="days">${m.days_with_readings}</td></tr>`).join("");
  return `<h2>Usage, last 12 months (kWh per month)</h2>
    <div id="usage-chart"></div>
    <p class="muted">Average ${kwh(usage.avg_daily_kwh)} a day · peak share ${percent(usage.peak_share * 100)}</p>
    <details><summary>Monthly figures</summary>
    <table id="usage-table"><thead><tr><th>Month</th><th class="num">kWh</th><th class="num">of which peak</th><th class="num">Days with readings</th></tr></thead>
    <tbody>${rows}</tbody></table></details>`;
}

function chart(el, window12) {
  if (!window.uPlot) return;
  const months = window12.map((m) => m.month);
  const x = months.map((_, i) => i);
  const bars = window.uPlot.paths.bars({ size: [0.7, 60] });
  new window.uPlot({
    width: Math.min(900, el.clientWidth || 900), height: 260,
    scales: { x: { time: false, range: [-0.5, 11.5] }, y: { range: (u, min, max) => [0, max * 1.1 || 1] } },
    axes: [{ values: (u, splits) => splits.map((i) => months[i] ?? ""), splits: () => x }, { label: "kWh" }],
    series: [{ label: "Month", value: (u, v) => months[v] ?? "--" }, { label: "kWh", fill: "rgba(47,107,63,0.35)", stroke: "#2f6b3f", paths: bars, points: { show: false } },
      { label: "peak kWh", fill: "rgba(138,90,0,0.55)", stroke: "#8a5a00", paths: bars, points: { show: false } }],
  }, [x, window12.map((m) => m.kwh), window12.map((m) => m.peak_kwh)], el);
}
