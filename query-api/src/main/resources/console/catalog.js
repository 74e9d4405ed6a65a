// Catalog page: a region's plans, filtered by the read API, sorted here, with EFL prices at 500/1,000/2,000 kWh.
import { catalog, explain } from "tb/api";
import { percent, cents, money, esc } from "tb/format";

const SORTS = {
  efl1000: (a, b) => (a.efl_avg_price_cents_per_kwh["1000"] - b.efl_avg_price_cents_per_kwh["1000"]) || cmp(a.plan_id, b.plan_id),
  renewable: (a, b) => (b.renewable_percentage - a.renewable_percentage) || cmp(a.plan_id, b.plan_id),
  contract: (a, b) => (a.contract_months - b.contract_months) || cmp(a.plan_id, b.plan_id),
  plan_id: (a, b) => cmp(a.plan_id, b.plan_id),
};

function cmp(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function renderCatalog(main, region) {
  const params = new URLSearchParams(location.hash.split("?")[1] || "");
  main.innerHTML = `
    <h2>Catalog</h2>
    <form id="catalog-form">
      <label>Region <input id="region" required value="${esc(region.split("?")[0])}" placeholder="TX-NORTH"></label>
      <label>Min renewable % <input id="min-renewable" type="number" min="0" max="100" step="any" value="${esc(params.get("min_renewable") || "")}"></label>
      <label>Max contract months <input id="max-contract" type="number" min="0" step="1" value="${esc(params.get("max_contract_months") || "")}"></label>
      <label>Sort by <select id="sort">
        <option value="efl1000">Price at 1,000 kWh</option><option value="renewable">Renewable share</option>
        <option value="contract">Contract length</option><option value="plan_id">Plan id</option></select></label>
      <button type="submit" id="show-catalog">Show</button>
    </form>
    <div id="catalog-result"></div>`;
  const sort = main.querySelector("#sort");
  sort.value = params.get("sort") || "efl1000";
  main.querySelector("#catalog-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const q = new URLSearchParams();
    const minR = main.querySelector("#min-renewable").value;
    const maxC = main.querySelector("#max-contract").value;
    if (minR !== "") q.set("min_renewable", minR);
    if (maxC !== "") q.set("max_contract_months", maxC);
    q.set("sort", sort.value);
    location.hash = "#/catalog/" + encodeURIComponent(main.querySelector("#region").value.trim()) + "?" + q;
  });
  const name = decodeURIComponent(region.split("?")[0]);
  if (name) show(main.querySelector("#catalog-result"), name, params, sort.value);
}

async function show(out, region, params, sortKey) {
  out.innerHTML = `<p class="muted">Loading ${esc(region)}…</p>`;
  const filters = {};
  for (const key of ["min_renewable", "max_contract_months"]) if (params.get(key) !== null) filters[key] = params.get(key);
  let page;
  try {
    page = await catalog(region, filters);
  } catch (e) {
    out.innerHTML = `<div class="message error" id="catalog-message">${esc(explain(e))}</div>`;
    document.body.dataset.rendered = "error";
    return;
  }
  if (!page.plans.length) {
    out.innerHTML = `<div class="message" id="catalog-message">No active plan in ${esc(region)} matches these filters.</div>`;
    document.body.dataset.rendered = "empty";
    return;
  }
  const plans = [...page.plans].sort(SORTS[sortKey] || SORTS.efl1000);
  const rows = plans.map((p) => `<tr data-plan-id="${esc(p.plan_id)}">
      <td data-field="plan_id">${esc(p.plan_id)}</td><td>${esc(p.provider)}</td><td>${esc(p.name)}</td>
      <td class="num" data-field="renewable">${percent(p.renewable_percentage)}</td>
      <td class="num" data-field="contract">${p.contract_months}</td>
      <td class="num" data-field="etf">${money(p.early_termination_fee)}</td>
      <td class="num" data-field="efl500">${cents(p.efl_avg_price_cents_per_kwh["500"])}</td>
      <td class="num" data-field="efl1000">${cents(p.efl_avg_price_cents_per_kwh["1000"])}</td>
      <td class="num" data-field="efl2000">${cents(p.efl_avg_price_cents_per_kwh["2000"])}</td></tr>`).join("");
  out.innerHTML = `<p class="muted" id="catalog-summary">${plans.length} plans in ${esc(region)} · catalog version ${page.version ?? "not yet assigned"}</p>
    <table id="catalog"><thead><tr><th>Plan</th><th>Provider</th><th>Name</th><th class="num">Renewable</th><th class="num">Contract months</th>
    <th class="num">Early termination fee</th><th class="num">EFL 500 kWh</th><th class="num">EFL 1,000 kWh</th><th class="num">EFL 2,000 kWh</th></tr></thead>
    <tbody>${rows}</tbody></table>`;
  document.body.dataset.rendered = "catalog";
}
