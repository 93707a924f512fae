// The search page: queries this edition's Pagefind index (the page's <html lang> picks it)
// and lists the matching stories. Strings come from the page, in its language.
const box = document.getElementById("search");
if (box) start(box);

async function start(box) {
  const form = box.querySelector("form");
  const query = box.querySelector("#search-query");
  const selects = { category: box.querySelector("#search-category"), person: box.querySelector("#search-person") };
  const status = box.querySelector(".search-status");
  const list = box.querySelector(".search-results");
  const say = (name, count) => (box.dataset[name] || "").replace("{count}", String(count));

  const asked = new URLSearchParams(location.search);
  query.value = asked.get("q") || "";
  let pagefind;
  try {
    pagefind = await import(new URL(box.dataset.bundle + "pagefind.js", document.baseURI).href);
    await pagefind.options({ excerptLength: 24 });
    const filters = await pagefind.filters();
    for (const [name, select] of Object.entries(selects)) {
      fill(select, filters[name] || {});
      select.value = asked.get(name) || "";
    }
  } catch (error) {
    status.textContent = say("unavailable");
    return;
  }

  let latest = 0;
  async function run() {
    const ticket = ++latest;
    const text = query.value.trim();
    const chosen = {};
    for (const [name, select] of Object.entries(selects)) if (select.value) chosen[name] = select.value;
    if (!text && !Object.keys(chosen).length) {
      list.replaceChildren();
      status.textContent = "";
      return;
    }
    status.textContent = say("loading");
    const search = await pagefind.search(text || null, { filters: chosen });
    const found = await Promise.all(search.results.slice(0, 20).map((result) => result.data()));
    if (ticket !== latest) return; // a newer search is under way
    list.replaceChildren(...found.map(entry));
    const count = search.results.length;
    status.textContent = count === 0 ? say("none") : count === 1 ? say("one") : say("many", count);
    history.replaceState(null, "", "?" + new URLSearchParams({ q: text, ...chosen }).toString());
  }

  query.addEventListener("input", run);
  for (const select of Object.values(selects)) select.addEventListener("change", run);
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run();
  });
  run();
}

function fill(select, values) {
  const names = Object.keys(values).sort((a, b) => a.localeCompare(b, document.documentElement.lang));
  for (const name of names) select.append(new Option(name, name));
}

// One result: the story's title as a link, its date, the passage that matched.
function entry(result) {
  const item = document.createElement("li");
  const link = document.createElement("a");
  link.href = new URL(result.url, document.baseURI).href; // Pagefind adds the folder the site is served from
  link.textContent = result.meta.title || result.url;
  const heading = document.createElement("h2");
  heading.append(link);
  item.append(heading);
  if (result.meta.date) {
    const date = document.createElement("p");
    date.className = "search-date";
    date.textContent = result.meta.date;
    item.append(date);
  }
  item.append(excerpt(result.excerpt));
  return item;
}

// Pagefind marks the matched words with <mark>; nothing else of the excerpt becomes markup.
function excerpt(html) {
  const passage = document.createElement("p");
  const parsed = new DOMParser().parseFromString(html, "text/html");
  for (const node of parsed.body.childNodes) {
    if (node.nodeName === "MARK") {
      const mark = document.createElement("mark");
      mark.textContent = node.textContent;
      passage.append(mark);
    } else {
      passage.append(node.textContent);
    }
  }
  return passage;
}
