// Number formats of the console, fixed to en-US so what is shown is the same on every machine (and in the tests).

const grouped = (value, decimals) => value.toLocaleString("en-US", { minimumFractionDigits: decimals, maximumFractionDigits: decimals });

/** Dollars and cents: 1432.1 -> "$1,432.10", -5 -> "-$5.00", null -> "—". */
export function money(value) {
  if (value === null || value === undefined) return "—";
  const text = "$" + grouped(Math.abs(value), 2);
  return value < 0 ? "-" + text : text;
}

/** A number with a fixed number of decimals and thousands separators; null -> "—". */
export function number(value, decimals = 0) {
  if (value === null || value === undefined || Number.isNaN(value)) return "—";
  return grouped(value, decimals);
}

/** kWh with one decimal. */
export const kwh = (value) => number(value, 1) + (value === null || value === undefined ? "" : " kWh");

/** Cents per kWh with one decimal (EFL prices). */
export const cents = (value) => (value === null || value === undefined ? "—" : number(value, 1) + "¢");

/** A percentage of 0..100 with up to one decimal. */
export const percent = (value) => (value === null || value === undefined ? "—" : number(value, value % 1 === 0 ? 0 : 1) + "%");

/** Milliseconds. */
export const millis = (value) => (value === null || value === undefined ? "—" : number(value, 1) + " ms");

/** Escapes text for HTML. */
export function esc(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}
