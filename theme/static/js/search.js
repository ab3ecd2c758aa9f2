// The search page: Pagefind's JavaScript API behind a labelled form.
// Loaded as a module from search/index.html; no inline script or style anywhere.
// The index (pagefind/) is written after Pelican by `invoke build` (see docs/search-and-exports.md).
// The index comes in parts, listed in pagefind/confnotes-parts.json: the first ("./", the
// bundle's root, which alone holds Pagefind's JavaScript and WebAssembly) is loaded, the others
// (index files only) merged into it, so one copy of the program searches every part.

const MAX_RESULTS = 50;
const DEBOUNCE_MS = 200;
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
  "September", "October", "November", "December"];
const EMPTY_WASM_MODULE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]);

const app = document.getElementById("search-app");
if (app) {
  start(app);
}

/** Show the form, load Pagefind, fill the filters and run the search the URL asks for. */
async function start(app) {
  const ui = {
    form: document.getElementById("search-form"),
    input: document.getElementById("search-q"),
    status: document.getElementById("search-status"),
    results: document.getElementById("search-results"),
    unavailable: document.getElementById("search-unavailable"),
    reason: document.getElementById("search-unavailable-reason"),
    selects: Array.from(document.querySelectorAll("#search-form select[data-filter]")),
  };
  // The words of a linked search go in before the box shows: a reader may start typing as
  // soon as it does, while Pagefind still loads, and what they type must stay.
  const params = new URLSearchParams(window.location.search);
  ui.input.value = params.get("q") || "";
  ui.form.hidden = false;
  ui.unavailable.hidden = true;
  const root = new URL(app.dataset.siteRoot || "/", window.location.href);
  let pagefind;
  try {
    // Pagefind runs WebAssembly; a merged part would hang, not fail, where that is blocked.
    await WebAssembly.compile(EMPTY_WASM_MODULE);
    const bundle = new URL(app.dataset.bundle || "pagefind/", window.location.href);
    const options = { baseUrl: root.pathname, excerptLength: 24 };
    const [first, ...others] = await indexParts(bundle);
    pagefind = await import(new URL("pagefind.js", new URL(first, bundle)).href);
    await pagefind.options(options);
    await pagefind.init();
    for (const part of others) {
      await pagefind.mergeIndex(new URL(part, bundle).href, options);
    }
    fillFilters(ui.selects, await pagefind.filters());
  } catch (error) {
    unavailable(ui, "Search could not start here: its index is missing, or this browser blocks WebAssembly.");
    return;
  }
  const labels = kindLabels(ui.selects);
  const state = { pagefind, ui, labels, latest: 0, timer: 0 };
  readFilters(ui, params);
  ui.input.addEventListener("input", () => schedule(state));
  ui.selects.forEach((select) => select.addEventListener("change", () => run(state)));
  ui.form.addEventListener("submit", (event) => {
    event.preventDefault();
    run(state);
  });
  ui.form.addEventListener("reset", () => window.setTimeout(() => run(state), 0));
  run(state);
}

/** The folders of the index's parts, relative to its bundle; the first (the bundle itself)
 *  is loaded, the others merged into it. Throws when there is no index. */
async function indexParts(bundle) {
  const response = await fetch(new URL("confnotes-parts.json", bundle));
  const listing = response.ok ? await response.json() : {};
  if (!Array.isArray(listing.parts) || listing.parts.length === 0) {
    throw new Error("no search index");
  }
  return listing.parts;
}

/** Hide the form and say why searching is not possible (the links to the indexes stay). */
function unavailable(ui, message) {
  ui.form.hidden = true;
  ui.reason.textContent = message;
  ui.unavailable.hidden = false;
}

/** Put every value Pagefind knows for each filter into its select, with counts. */
function fillFilters(selects, available) {
  for (const select of selects) {
    const key = select.dataset.filter;
    const counts = available[key] || {};
    const known = new Map(Array.from(select.options).filter((o) => o.value).map((o) => [o.value, o.textContent]));
    const chosen = select.value;
    for (const option of Array.from(select.options)) {
      if (option.value) option.remove();
    }
    const values = Object.keys(counts);
    values.sort(key === "year" ? (a, b) => Number(b) - Number(a) : orderLike(known));
    for (const value of values) {
      const option = new Option(known.get(value) || value, value);
      option.dataset.label = option.textContent;
      select.add(option);
    }
    if (chosen && values.includes(chosen)) select.value = chosen;
    updateCounts(select, counts);
    select.disabled = values.length === 0;
  }
}

/** Keep the server's order for values it listed (talk kinds); sort the others by name. */
function orderLike(known) {
  const order = Array.from(known.keys());
  return (a, b) => {
    const ia = order.indexOf(a);
    const ib = order.indexOf(b);
    if (ia >= 0 || ib >= 0) return (ia < 0 ? order.length : ia) - (ib < 0 ? order.length : ib);
    return a.localeCompare(b, undefined, { sensitivity: "base" });
  };
}

/** Show each option's count of results ("DjangoCon US 2025 (4)"). */
function updateCounts(select, counts) {
  for (const option of Array.from(select.options)) {
    if (option.value) option.textContent = `${option.dataset.label} (${counts[option.value] || 0})`;
  }
}

/** Talk kinds' labels, as the server wrote them into the kind filter. */
function kindLabels(selects) {
  const kind = selects.find((select) => select.dataset.filter === "kind");
  const labels = new Map();
  for (const option of kind ? Array.from(kind.options) : []) {
    if (option.value) labels.set(option.value, option.dataset.label || option.textContent);
  }
  return labels;
}

/** Set the filters from ?event=...&kind=... so searches can be linked to and bookmarked
 *  (a filter the reader already chose while the index loaded is kept). */
function readFilters(ui, params) {
  for (const select of ui.selects) {
    const value = params.get(select.dataset.filter);
    const known = (v) => Array.from(select.options).some((o) => o.value === v);
    if (!select.value && value && known(value)) select.value = value;
  }
}

/** Write the form into the address bar, without a new history entry. */
function writeQuery(ui, term, filters) {
  const params = new URLSearchParams();
  if (term) params.set("q", term);
  for (const [key, value] of Object.entries(filters)) params.set(key, value);
  const query = params.toString();
  window.history.replaceState(null, "", query ? `?${query}` : window.location.pathname);
}

/** Run the search a moment after the last key press. */
function schedule(state) {
  window.clearTimeout(state.timer);
  state.timer = window.setTimeout(() => run(state), DEBOUNCE_MS);
}

/** Search for the form's words and filters and show the results (newest call wins). */
async function run(state) {
  const { pagefind, ui } = state;
  window.clearTimeout(state.timer);
  const call = ++state.latest;
  const term = ui.input.value.trim();
  const filters = {};
  for (const select of ui.selects) {
    if (select.value) filters[select.dataset.filter] = select.value;
  }
  writeQuery(ui, term, filters);
  if (!term && Object.keys(filters).length === 0) {
    ui.results.replaceChildren();
    ui.results.removeAttribute("aria-busy");
    ui.status.textContent = "";
    resetCounts(state, call);
    return;
  }
  ui.results.setAttribute("aria-busy", "true");
  const search = await pagefind.search(term || null, { filters });
  const shown = search ? await Promise.all(search.results.slice(0, MAX_RESULTS).map((r) => r.data())) : [];
  if (call !== state.latest) return;
  ui.results.replaceChildren(...shown.map((data) => resultItem(data, state.labels)));
  ui.results.removeAttribute("aria-busy");
  ui.status.textContent = statusText(search ? search.results.length : 0, shown.length, term);
  if (search && search.filters) {
    ui.selects.forEach((select) => updateCounts(select, search.filters[select.dataset.filter] || {}));
  }
}

/** Put the totals back in the filters when the form is empty (unless a search came since). */
async function resetCounts(state, call) {
  const available = await state.pagefind.filters();
  if (call !== state.latest) return;
  state.ui.selects.forEach((select) => updateCounts(select, available[select.dataset.filter] || {}));
}

/** "3 results for “htmx”" (and how many are shown when there are more). */
function statusText(total, shown, term) {
  const words = term ? ` for “${term}”` : "";
  if (total === 0) return `No results${words}. Try fewer words or another filter.`;
  const noun = total === 1 ? "result" : "results";
  const more = shown < total ? `; the first ${shown} are shown` : "";
  return `${total} ${noun}${words}${more}.`;
}

/** One result: its title linked to the talk (a section's anchor for a lightning talk). */
function resultItem(data, labels) {
  const meta = data.meta || {};
  const item = element("li", "search-result");
  const heading = element("h2", "search-result-title");
  const link = element("a", "", meta.title || data.url);
  link.href = data.url;
  heading.append(link);
  item.append(heading);
  const facts = element("p", "search-result-meta");
  if (meta.kind) facts.append(element("span", `badge badge-${meta.kind}`, labels.get(meta.kind) || meta.kind), " ");
  const parts = [meta.speakers, meta.event ? `at ${meta.event}` : "", dateElement(meta.date),
    meta.note ? `in “${meta.note}”` : ""].filter(Boolean);
  parts.forEach((part, index) => facts.append(...(index ? [" · ", part] : [part])));
  item.append(facts);
  if (data.excerpt) item.append(excerpt(data.excerpt));
  return item;
}

/** A result's date ("2026-04-16") as the site writes dates: <time>16 April 2026</time>. */
function dateElement(iso) {
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
  if (!parts) return iso || "";
  const time = element("time", "", `${Number(parts[3])} ${MONTHS[Number(parts[2]) - 1]} ${parts[1]}`);
  time.dateTime = iso;
  return time;
}

/** Pagefind's excerpt (escaped text with <mark> around matches) as DOM nodes: text and marks only. */
function excerpt(html) {
  const paragraph = element("p", "search-result-excerpt");
  const parsed = new DOMParser().parseFromString(`<p>${html}</p>`, "text/html").body.firstChild;
  for (const node of Array.from(parsed ? parsed.childNodes : [])) {
    if (node.nodeName === "MARK") paragraph.append(element("mark", "", node.textContent));
    else paragraph.append(node.textContent);
  }
  return paragraph;
}

/** A new element with a class and text. */
function element(name, className, text) {
  const node = document.createElement(name);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}
