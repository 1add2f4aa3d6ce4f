// The search of a published site, over the Pagefind index that bouwstenen/search.py writes in
// pagefind/ at the published root. On every page "/" opens the search (or goes to its
// field); on the search page (zoeken/) the form asks Pagefind and lists what it finds. A
// branch's page (data-site) searches its own program and the guide; the portal searches
// everything, with a choice of afdeling, thema and status.
(() => {
  const script = document.currentScript;
  const searchPage = new URL("../zoeken/", script.src);
  const PAGE = 10;
  const LABELS = { afdeling: "Afdeling (gemeente)", thema: "Thema", status: "Status" };

  document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.target.closest("input, textarea, select, [contenteditable]")) return;
    event.preventDefault();
    const field = document.getElementById("zoekterm");
    if (field) field.focus();
    else window.location.href = `${searchPage.href}#zoekterm`;
  });

  const root = document.getElementById("zoekpagina");
  if (root) start(root);

  function start(root) {
    const field = root.querySelector("#zoekterm");
    const count = root.querySelector("#zoek-aantal");
    const list = root.querySelector("#zoek-resultaten");
    const more = root.querySelector("#zoek-meer");
    const site = root.dataset.site;
    const ready = (async () => {
      const pagefind = await import(new URL(root.dataset.bundel + "pagefind.js", window.location.href).href);
      await pagefind.options({ baseUrl: new URL(root.dataset.basis, window.location.href).pathname });
      const choices = site ? [] : await filterChoices(pagefind, root.querySelector("#zoek-filters"));
      choices.forEach((choice) => choice.addEventListener("change", search));
      return { pagefind, choices };
    })();
    let results = [];
    let shown = 0;
    let asked = 0;

    async function search() {
      const term = field.value.trim();
      const question = ++asked;
      list.setAttribute("aria-busy", "true");
      const { pagefind, choices } = await ready;
      if (question !== asked) return; // a newer question came in meanwhile
      if (!term) {
        list.replaceChildren();
        count.textContent = "";
        more.hidden = true;
        list.setAttribute("aria-busy", "false");
        return;
      }
      const filters = site ? { any: [{ site }, { soort: "gids" }] } : chosen(choices);
      const found = await pagefind.search(term, { filters });
      if (question !== asked || !found) return;
      results = found.results;
      shown = 0;
      list.replaceChildren();
      await showMore(question);
      if (question !== asked) return;
      count.textContent = results.length
        ? `${results.length} ${results.length === 1 ? "resultaat" : "resultaten"} voor ‘${term}’`
        : `Geen resultaten voor ‘${term}’. Probeer een ander woord.`;
      list.setAttribute("aria-busy", "false");
    }

    async function showMore(question) {
      const next = await Promise.all(results.slice(shown, shown + PAGE).map((result) => result.data()));
      if (question !== asked) return;
      list.append(...next.map(item));
      shown += next.length;
      more.hidden = shown >= results.length;
    }

    let waiting;
    field.addEventListener("input", () => {
      clearTimeout(waiting);
      waiting = setTimeout(search, 150);
    });
    root.querySelector("form").addEventListener("submit", (event) => {
      event.preventDefault();
      search();
    });
    more.addEventListener("click", () => showMore(asked));
    const wanted = new URLSearchParams(window.location.search).get("q");
    if (wanted) field.value = wanted;
    if (field.value.trim()) search();
    if (window.location.hash === "#zoekterm") field.focus(); // came here with '/'

  }

  async function filterChoices(pagefind, place) {
    const available = await pagefind.filters();
    return Object.entries(LABELS)
      .filter(([name]) => available[name] && Object.keys(available[name]).length)
      .map(([name, label]) => {
        const id = `zoek-filter-${name}`;
        const wrapper = document.createElement("p");
        const caption = document.createElement("label");
        caption.htmlFor = id;
        caption.textContent = label;
        const select = document.createElement("select");
        select.id = id;
        select.name = name;
        select.append(new Option("alle", ""));
        const values = Object.keys(available[name]).sort((a, b) => a.localeCompare(b, "nl"));
        values.forEach((value) => select.append(new Option(value, value)));
        wrapper.append(caption, select);
        place.append(wrapper);
        return select;
      });
  }

  function chosen(choices) {
    return Object.fromEntries(choices.filter((choice) => choice.value).map((choice) => [choice.name, choice.value]));
  }

  function item(data) {
    const li = document.createElement("li");
    const heading = document.createElement("a");
    heading.href = data.url;
    heading.className = "zoeken__titel";
    heading.textContent = data.meta.title || data.url;
    li.append(heading, paragraph("zoeken__waar", where(data.filters)), excerpt(data.excerpt));
    const points = (data.sub_results || []).filter((sub) => sub.url.includes("#") && sub.url !== data.url);
    if (points.length) {
      const sub = document.createElement("ul");
      sub.className = "zoeken__punten";
      for (const point of points.slice(0, 3)) {
        const entry = document.createElement("li");
        const link = document.createElement("a");
        link.href = point.url;
        link.textContent = shorten(point.title);
        entry.append(link, excerpt(point.excerpt));
        sub.append(entry);
      }
      li.append(sub);
    }
    return li;
  }

  function where(filters) {
    const kind = (filters.soort || [])[0];
    if (kind === "gids") return "Gids voor aspirant-wethouders";
    if (kind === "bibliotheek") return ["Bibliotheek", ...(filters.thema || [])].join(" · ");
    if (kind === "portaal") return "Overzicht van de afdelingen";
    const parts = [...(filters.afdeling || []).map((name) => `Afdeling ${name}`), ...(filters.thema || [])];
    if ((filters.status || [])[0] === "concept") parts.push("concept");
    return parts.join(" · ");
  }

  function shorten(text) {
    return text.length > 140 ? `${text.slice(0, 139).replace(/\s+\S*$/, "")} …` : text;
  }

  function paragraph(className, text) {
    const p = document.createElement("p");
    p.className = className;
    p.textContent = text;
    return p;
  }

  // Pagefind's excerpt is text with <mark> around the words found: built here as text and
  // <mark> elements, so nothing else in it can become markup.
  function excerpt(marked) {
    const p = document.createElement("p");
    p.className = "zoeken__uittreksel";
    let inside = false;
    for (const piece of (marked || "").split(/(<mark>|<\/mark>)/)) {
      if (piece === "<mark>") inside = true;
      else if (piece === "</mark>") inside = false;
      else if (piece) {
        const text = document.createTextNode(decode(piece));
        if (inside) {
          const mark = document.createElement("mark");
          mark.append(text);
          p.append(mark);
        } else p.append(text);
      }
    }
    return p;
  }

  function decode(text) {
    const area = document.createElement("textarea");
    area.innerHTML = text;
    return area.value;
  }
})();

// The menu of a phone or tablet is built from Material's <label>s for hidden checkboxes: the
// menu button, and inside the menu the buttons that open a level and go back. A mouse or finger
// can use them, a keyboard cannot reach them. The menu button becomes a real <button> (the
// label stays for when this script does not run); the labels inside the menu become reachable
// with Tab, and Enter (which Material itself turns into a click on a focused label) or Space
// presses them. The focus moves to what opened; Escape closes the menu and puts the focus back
// on the menu button. huisstijl.css keeps what the menu does not show out of the tab order.
(() => {
  const drawer = document.getElementById("__drawer");
  const label = document.querySelector('label.md-header__button[for="__drawer"]');
  if (!drawer || !label) return;
  const menu = document.createElement("button");
  menu.type = "button";
  menu.className = label.className;
  menu.innerHTML = label.innerHTML;
  menu.setAttribute("aria-label", "Menu");
  menu.setAttribute("aria-controls", "__drawer");
  label.replaceWith(menu);
  const mark = () => menu.setAttribute("aria-expanded", String(drawer.checked));
  mark();
  drawer.addEventListener("change", mark);
  menu.addEventListener("click", () => {
    drawer.click();
    if (menu.matches(":focus-visible")) setTimeout(() => focusAfter(drawer));
  });

  const levels = [".md-nav__link", ".md-nav__title"]
    .flatMap((kind) => [`.md-nav--primary label${kind}[for^="__nav"]`, `.md-nav--primary label${kind}[for="__toc"]`])
    .join(", ");
  for (const button of document.querySelectorAll(levels)) {
    button.setAttribute("tabindex", "0");
    button.addEventListener("keydown", (event) => {
      if (event.key === " ") {
        event.preventDefault();
        button.click();
      } else if (event.key !== "Enter") return;
      setTimeout(() => focusAfter(document.getElementById(button.htmlFor)));
    });
  }
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || !drawer.checked) return;
    drawer.click();
    menu.focus();
  });

  // After a press: the first link or button of the level it opened, or the button that
  // opens the level it closed.
  function focusAfter(toggle) {
    if (!toggle || !drawer.checked) return;
    if (toggle === drawer || toggle.checked) {
      const level = toggle === drawer ? document.querySelector(".md-nav--primary") : toggle.parentElement.querySelector(":scope > .md-nav");
      const first = [...level.querySelectorAll("a[href], label[tabindex='0']")].find((element) => element.checkVisibility({ visibilityProperty: true }));
      if (first) first.focus();
    } else {
      const opener = document.querySelector(`.md-nav--primary label.md-nav__link[for="${toggle.id}"]`);
      if (opener) opener.focus();
    }
  }
})();
