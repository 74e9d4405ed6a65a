// The read API as the console uses it: JSON or a problem explained in words.

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || problem?.title || "HTTP " + status);
    this.status = status;
    this.problem = problem;
  }
}

/** Where the console keeps the read API key the operator entered (this browser only). */
export const KEY_STORAGE = "treebeard.apiKey";

/** The read API needs a key with the read right (docs/api.md); the console sends the one entered at the top. */
function headers() {
  const key = localStorage.getItem(KEY_STORAGE);
  return key ? { Accept: "application/json", Authorization: "Bearer " + key } : { Accept: "application/json" };
}

/** GETs a JSON document; a non-2xx answer throws an ApiError carrying its RFC 9457 problem. */
export async function getJson(path) {
  let response;
  try {
    response = await fetch(path, { headers: headers() });
  } catch (e) {
    throw new ApiError(0, { title: "The read API did not answer", detail: String(e) });
  }
  const text = await response.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (e) { body = { detail: text }; }
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

/** Every plan of a region's catalog, following next_cursor (filters as query parameters). */
export async function catalog(region, filters = {}) {
  const plans = [];
  let cursor = null;
  let version = null;
  do {
    const q = new URLSearchParams({ region, limit: "500", ...filters });
    if (cursor) q.set("cursor", cursor);
    const page = await getJson("/api/v1/plans/catalog?" + q);
    version = page.version;
    plans.push(...page.plans);
    cursor = page.next_cursor ?? null;
  } while (cursor);
  return { region, version, plans };
}

/** The message of an ApiError for people. */
export function explain(error) {
  if (!(error instanceof ApiError)) return "Something went wrong: " + error;
  if (error.status === 0) return "The read API did not answer. Is query-api running?";
  if (error.status === 401) return "The read API needs a key with the read right: enter it at the top of the page.";
  if (error.status === 403) return "This key may not read: enter a key with the read right at the top of the page.";
  if (error.status === 400) return "That is not a valid value: " + error.message + ".";
  if (error.status === 503 || error.status === 504) return "The read API is unavailable right now (" + error.status + "): " + error.message + ". Try again in a moment.";
  return "Error " + error.status + ": " + error.message;
}
