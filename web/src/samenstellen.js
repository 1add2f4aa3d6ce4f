// The composer page (site/samenstellen/): a branch composes its branch file in the browser.
// Nothing leaves the browser: the page reads gegevens.json and branch files from this site,
// keeps the work in localStorage and gives the file as a download, on the clipboard or as a
// proposal on GitHub (a link the user follows).

import { Document, parse } from "../vendor/yaml/index.js";
import { at, checker } from "./controle.js";
import { escapeHtml as e, fill, idFromText, inline, paragraphs, slugify } from "./tekst.js";

const root = document.getElementById("samensteller");
const STORE = `bouwstenen-samenstellen:${location.pathname}`;
const HEADER = "# yaml-language-server: $schema=../../schemas/afdeling.schema.json\n#\n";

let gegevens;
let check;
let state = null; // {slug, data, bestaand, opgeslagen}
let problems = [];
const idByHand = new WeakSet(); // own points whose id the user typed (or that came from a file)
let notice = "";

start().catch((error) => {
  root.innerHTML = `<p class="fout-algemeen">De pagina kon niet laden: ${e(error.message)}</p>`;
});

async function start() {
  const response = await fetch(root.dataset.gegevens);
  if (!response.ok) throw new Error(`gegevens.json gaf ${response.status}`);
  gegevens = await response.json();
  check = checker(gegevens);
  const saved = localStorage.getItem(STORE);
  if (saved) {
    try {
      state = JSON.parse(saved);
      for (const choice of state.data.themas ?? []) for (const p of choice.eigen_standpunten ?? []) idByHand.add(p);
      notice = "Je werk van de vorige keer staat weer klaar.";
    } catch {
      state = null;
    }
  }
  addEventListener("beforeunload", (event) => {
    if (state && fileText() !== state.opgeslagen) {
      event.preventDefault();
      event.returnValue = "";
    }
  });
  root.addEventListener("input", onInput);
  root.addEventListener("change", onChange);
  root.addEventListener("click", onClick);
  draw();
}

// ---------------------------------------------------------------- drawing

function draw(focus) {
  root.innerHTML = `${startSection()}${state ? editor() : ""}`;
  update();
  if (focus) root.querySelector(`[data-focus="${focus}"]`)?.focus();
}

function startSection() {
  const branches = gegevens.afdelingen
    .map((a) => `<option value="${e(a.slug)}">${e(a.afdeling)} (${e(a.gemeente)})</option>`)
    .join("");
  return `<section class="blok" aria-labelledby="kop-begin">
<h2 id="kop-begin">${state ? "Opnieuw beginnen of een ander bestand openen" : "Beginnen"}</h2>
${notice ? `<p class="melding">${e(notice)}</p>` : ""}
<details ${state ? "" : "open"}><summary>Nieuwe afdeling</summary>
<div class="veld"><label for="nieuw-gemeente">Naam van de gemeente</label>
<input id="nieuw-gemeente" autocomplete="off" data-focus="nieuw-gemeente"></div>
<div class="veld"><label for="nieuw-slug">Bestandsnaam en webadres</label>
<input id="nieuw-slug" autocomplete="off" aria-describedby="nieuw-slug-uitleg">
<p class="uitleg" id="nieuw-slug-uitleg">Wordt vanzelf gemaakt uit de naam van de gemeente.</p></div>
<button type="button" class="md-button md-button--primary" data-actie="nieuw">Nieuwe afdeling beginnen</button>
<p class="fout" id="nieuw-fout" role="alert" hidden></p>
</details>
<details><summary>Bestaande afdeling openen</summary>
${branches ? `<div class="veld"><label for="open-afdeling">Afdeling op deze site</label>
<select id="open-afdeling">${branches}</select></div>
<button type="button" class="md-button" data-actie="open-site">Openen</button>` : "<p>Er staan nog geen afdelingen op deze site.</p>"}
<div class="veld"><label for="open-bestand">Of een afdelingsbestand (.yml) van je computer</label>
<input id="open-bestand" type="file" accept=".yml,.yaml"></div>
<p class="uitleg">Let op: uitleg in het bestand (regels die met # beginnen) blijft niet bewaard.</p>
<p class="fout" id="open-fout" role="alert" hidden></p>
</details>
</section>`;
}

function editor() {
  const d = state.data;
  const chosen = d.themas.map((choice, index) => chapterEditor(choice, index)).join("");
  const taken = new Set(d.themas.map((c) => c.kaart));
  const rest = gegevens.kaarten.filter((card) => !taken.has(card.id));
  const repo = gegevens.partij.repository;
  return `<div class="werkblad">
<div class="invoer">
<section class="blok" aria-labelledby="kop-afdeling"><h2 id="kop-afdeling">Afdeling</h2>
${field("/afdeling", "Naam van de afdeling")}
${field("/gemeente/naam", "Naam van de gemeente")}
${field("/slug", "Bestandsnaam en webadres", { value: state.slug, help: state.bestaand ? "Dit is een afdeling op de site. Verander je deze naam, dan wordt het een nieuwe afdeling." : "Alleen kleine letters, cijfers en streepjes." })}
${field("/voorwoord", "Voorwoord", { area: 6, help: "Je mag {{ gemeente.naam }} en {{ afdeling }} gebruiken; die worden ingevuld." })}
<h3>Cijfers over de gemeente</h3>
${factsEditor("/gemeente/feiten", d.gemeente?.feiten)}
</section>
<section class="blok" aria-labelledby="kop-themas"><h2 id="kop-themas">Thema's in je programma</h2>
<p class="fout" data-pad="/themas" id="fout-themas" hidden></p>
${chosen}
<h3>Andere thema's</h3>
${rest.length ? `<ul class="rest">${rest.map((card) => `<li><span>${e(card.titel)}</span> <button type="button" class="md-button" data-actie="kaart-erbij" data-kaart="${e(card.id)}" data-focus="erbij-${e(card.id)}">Opnemen</button></li>`).join("")}</ul>` : "<p>Je hebt alle thema's gekozen.</p>"}
</section>
</div>
<datalist id="bronnen">${gegevens.bronnen.map((s) => `<option value="${e(s.id)}">${e(s.verwijzing)}</option>`).join("")}</datalist>
<section class="blok voorbeeld" aria-labelledby="kop-voorbeeld"><h2 id="kop-voorbeeld">Zo ziet je programma eruit</h2>
<div id="voorbeeld" aria-live="polite"></div></section>
</div>
<section class="blok" aria-labelledby="kop-klaar"><h2 id="kop-klaar">Klaar? Bewaar je bestand</h2>
<div id="samenvatting-fouten" role="status"></div>
<div class="knoppen">
<button type="button" class="md-button md-button--primary" data-actie="download" id="knop-download">Download ${e(state.slug || "afdeling")}.yml</button>
<button type="button" class="md-button" data-actie="kopieer" id="knop-kopieer">Kopieer naar klembord</button>
${repo ? `<button type="button" class="md-button" data-actie="github" id="knop-github">Voorstel indienen op GitHub</button>` : ""}
</div>
<p id="status" role="status"></p>
<p class="uitleg">Stuur het bestand naar het partijbureau${repo ? ", of dien het in als voorstel op GitHub" : ""}. Je werk blijft in deze browser bewaard tot je opnieuw begint.</p>
</section>`;
}

function field(pad, label, options = {}) {
  const id = fieldId(pad);
  const value = options.value ?? at(state.data, pad) ?? "";
  const described = [errorId(pad), options.help ? `uitleg${id}` : ""].filter(Boolean).join(" ");
  const input = options.area
    ? `<textarea id="${id}" rows="${options.area}" data-pad="${pad}" aria-describedby="${described}" ${options.placeholder ? `placeholder="${e(options.placeholder)}"` : ""}>${e(value)}</textarea>`
    : `<input id="${id}" data-pad="${pad}" data-focus="${pad === "/afdeling" ? "afdeling" : id}" ${options.number ? 'inputmode="numeric" data-soort="jaar"' : ""} ${options.list ? `list="${options.list}"` : ""} value="${e(value)}" aria-describedby="${described}" autocomplete="off" ${options.placeholder ? `placeholder="${e(options.placeholder)}"` : ""}>`;
  return `<div class="veld${options.small ? " klein" : ""}"><label for="${id}">${e(label)}</label>${input}
${options.help ? `<p class="uitleg" id="uitleg${id}">${e(options.help)}</p>` : ""}<p class="fout" id="${errorId(pad)}" data-pad="${pad}" hidden></p></div>`;
}

function fieldId(pad) {
  return `veld${pad.replaceAll("/", "-")}`;
}

function errorId(pad) {
  return `fout${pad.replaceAll("/", "-")}`;
}

function chapterEditor(choice, index) {
  const card = gegevens.kaarten.find((c) => c.id === choice.kaart);
  const pad = `/themas/${index}`;
  const count = state.data.themas.length;
  if (!card) {
    return `<fieldset class="kaart"><legend>${index + 1}. Onbekende kaart '${e(choice.kaart)}'</legend>
<p class="fout" data-pad="${pad}/kaart" id="${errorId(`${pad}/kaart`)}" hidden></p>
<button type="button" class="md-button" data-actie="kaart-weg" data-index="${index}">Weghalen</button></fieldset>`;
  }
  const values = variableValues();
  const points = card.standpunten
    .map((point) => {
      const taken = pointTaken(choice, point.id);
      const id = `${fieldId(pad)}-neem-${point.id}`;
      return `<li class="punt"><input type="checkbox" id="${id}" data-actie="punt" data-index="${index}" data-punt="${e(point.id)}" data-focus="${id}" ${taken ? "checked" : ""}>
<label for="${id}">${inline(fill(point.tekst, values))}</label></li>`;
    })
    .join("");
  const own = (choice.eigen_standpunten ?? [])
    .map((point, j) => {
      const p = `${pad}/eigen_standpunten/${j}`;
      return `<fieldset class="eigen"><legend>Eigen standpunt ${j + 1}</legend>
${field(`${p}/tekst`, "Tekst van het standpunt", { area: 3, help: "Je mag {{ gemeente.naam }} gebruiken." })}
${field(`${p}/id`, "Korte naam (id)", { help: "Wordt gemaakt uit de tekst; je mag hem aanpassen." })}
${field(`${p}/toelichting`, "Toelichting (mag leeg blijven)", { area: 3 })}
<button type="button" class="md-button" data-actie="eigen-weg" data-index="${index}" data-j="${j}">Eigen standpunt weghalen</button>
</fieldset>`;
    })
    .join("");
  return `<fieldset class="kaart" id="kaart-${e(card.id)}"><legend>${index + 1}. ${e(fill(choice.titel ?? card.titel, values))}</legend>
<div class="knoppen">
<button type="button" class="md-button" data-actie="omhoog" data-index="${index}" data-focus="omhoog-${e(card.id)}" ${index === 0 ? "disabled" : ""} aria-label="${e(card.titel)} omhoog">Omhoog</button>
<button type="button" class="md-button" data-actie="omlaag" data-index="${index}" data-focus="omlaag-${e(card.id)}" ${index === count - 1 ? "disabled" : ""} aria-label="${e(card.titel)} omlaag">Omlaag</button>
<button type="button" class="md-button" data-actie="kaart-weg" data-index="${index}" data-focus="weg-${e(card.id)}" aria-label="${e(card.titel)} weghalen">Weghalen</button>
</div>
<p class="samenvatting">${inline(fill(card.samenvatting, values))}</p>
<p class="fout" data-pad="${pad}/kaart" id="${errorId(`${pad}/kaart`)}" hidden></p>
${field(`${pad}/titel`, "Eigen titel (leeg: de landelijke titel)", { placeholder: card.titel })}
${field(`${pad}/inleiding`, "Eigen inleiding (leeg: de landelijke inleiding)", { area: 4, placeholder: card.inleiding })}
<fieldset class="punten"><legend>Landelijke standpunten: vink aan wat je overneemt</legend>
<ul>${points}</ul>
<p class="fout" data-pad="${pad}/weglaten" id="${errorId(`${pad}/weglaten`)}" hidden></p>
<p class="fout" data-pad="${pad}/standpunten" id="${errorId(`${pad}/standpunten`)}" hidden></p>
</fieldset>
${own}
<button type="button" class="md-button" data-actie="eigen-erbij" data-index="${index}" data-focus="eigen-erbij-${e(card.id)}">Eigen standpunt toevoegen</button>
<h4>Lokale cijfers bij dit thema</h4>
${factsEditor(`${pad}/lokale_feiten`, choice.lokale_feiten)}
</fieldset>`;
}

function factsEditor(pad, list) {
  const items = (list ?? [])
    .map((fact, j) => {
      const p = `${pad}/${j}`;
      return `<fieldset class="feit"><legend>Cijfer ${j + 1}</legend>
${field(`${p}/tekst`, "Het cijfer in één zin", { area: 2 })}
${field(`${p}/bron`, "Bron (verplicht)", { list: "bronnen", help: "Een bron uit de lijst, of de bron voluit, bijvoorbeeld 'CBS StatLine, bevolking per gemeente'." })}
${field(`${p}/jaar`, "Jaar (verplicht)", { number: true, small: true })}
${field(`${p}/url`, "Webadres van de bron (mag leeg blijven)")}
<button type="button" class="md-button" data-actie="feit-weg" data-pad="${pad}" data-j="${j}">Cijfer weghalen</button>
</fieldset>`;
    })
    .join("");
  return `${items}
<button type="button" class="md-button" data-actie="feit-erbij" data-pad="${pad}" data-focus="feit-erbij${pad.replaceAll("/", "-")}">Cijfer toevoegen</button>`;
}

// ---------------------------------------------------------------- state

function pointTaken(choice, id) {
  if (Array.isArray(choice.standpunten)) return choice.standpunten.includes(id);
  return !(choice.weglaten ?? []).includes(id);
}

function variableValues() {
  const d = state.data;
  return {
    "gemeente.naam": d.gemeente?.naam ?? "",
    afdeling: d.afdeling ?? "",
    "partij.naam": gegevens.partij.naam,
    "partij.afkorting": gegevens.partij.afkorting,
  };
}

function setAt(pad, value) {
  if (pad === "/slug") {
    state.slug = value;
    return;
  }
  const keys = pad.split("/").slice(1);
  let holder = state.data;
  for (const key of keys.slice(0, -1)) {
    holder[key] ??= {};
    holder = holder[key];
  }
  const last = keys.at(-1);
  if (value === "" || value === undefined) delete holder[last];
  else holder[last] = value;
}

function newBranch(gemeente, slug) {
  const name = gemeente.trim();
  return {
    slug,
    bestaand: false,
    opgeslagen: null,
    data: {
      afdeling: `Afdeling ${name}`,
      status: "concept",
      gemeente: { naam: name },
      voorwoord:
        "Dit is het programma van onze afdeling voor {{ gemeente.naam }}. We willen dat iedereen in {{ gemeente.naam }} mee kan doen en hulp krijgt als dat nodig is.",
      themas: gegevens.kaarten.map((card) => ({ kaart: card.id })),
    },
  };
}

function opened(data, slug, bestaand) {
  if (!data || typeof data !== "object" || Array.isArray(data)) throw new Error("dit is geen afdelingsbestand");
  data.gemeente ??= { naam: "" };
  data.themas = Array.isArray(data.themas) ? data.themas : [];
  for (const choice of data.themas) for (const p of choice?.eigen_standpunten ?? []) idByHand.add(p);
  const text = { slug, bestaand, data, opgeslagen: null };
  state = text;
  state.opgeslagen = fileText();
}

// ---------------------------------------------------------------- events

function onInput(event) {
  const target = event.target;
  if (target.id === "nieuw-gemeente") {
    const slugField = root.querySelector("#nieuw-slug");
    if (!slugField.dataset.byHand) slugField.value = target.value.trim() ? slugify(target.value) : "";
    return;
  }
  if (target.id === "nieuw-slug") {
    target.dataset.byHand = "1";
    return;
  }
  const pad = target.dataset.pad;
  if (!pad || !state) return;
  say("");
  let value = target.value;
  if (target.dataset.soort === "jaar") value = /^\s*\d+\s*$/.test(value) ? Number.parseInt(value, 10) : value.trim();
  else if (!value.trim()) value = "";
  setAt(pad, value);
  const own = pad.match(/^\/themas\/(\d+)\/eigen_standpunten\/(\d+)\/(tekst|id)$/);
  if (own) {
    const point = state.data.themas[own[1]].eigen_standpunten[own[2]];
    if (own[3] === "id") idByHand.add(point);
    else if (!idByHand.has(point)) {
      point.id = idFromText(point.tekst ?? "", variableValues());
      const idField = root.querySelector(`#${fieldId(`/themas/${own[1]}/eigen_standpunten/${own[2]}/id`)}`);
      if (idField) idField.value = point.id;
    }
  }
  if (pad === "/slug") {
    const button = root.querySelector("#knop-download");
    if (button) button.textContent = `Download ${state.slug || "afdeling"}.yml`;
  }
  update();
}

async function onChange(event) {
  const target = event.target;
  if (target.id === "open-bestand" && target.files?.[0]) {
    const file = target.files[0];
    try {
      const data = parse(await file.text(), { version: "1.1" });
      const slug = slugify(file.name.replace(/\.ya?ml$/i, ""));
      opened(data, slug, gegevens.afdelingen.some((a) => a.slug === slug));
      notice = `${file.name} is geopend.`;
      draw("afdeling");
    } catch (error) {
      showError("#open-fout", `Dit bestand kan niet geopend worden: ${error.message}`);
    }
  }
  if (target.dataset.actie === "punt") {
    togglePoint(Number(target.dataset.index), target.dataset.punt, target.checked);
    update();
  }
}

function togglePoint(index, id, take) {
  const choice = state.data.themas[index];
  const card = gegevens.kaarten.find((c) => c.id === choice.kaart);
  if (Array.isArray(choice.standpunten)) {
    const kept = new Set(choice.standpunten);
    if (take) kept.add(id);
    else kept.delete(id);
    choice.standpunten = card.standpunten.map((p) => p.id).filter((p) => kept.has(p));
    if (!choice.standpunten.length) delete choice.standpunten;
    return;
  }
  const dropped = new Set(choice.weglaten ?? []);
  if (take) dropped.delete(id);
  else dropped.add(id);
  const list = card.standpunten.map((p) => p.id).filter((p) => dropped.has(p));
  if (list.length) choice.weglaten = list;
  else delete choice.weglaten;
}

async function onClick(event) {
  const button = event.target.closest("button[data-actie]");
  if (!button) return;
  const action = button.dataset.actie;
  const index = Number(button.dataset.index);
  const themas = state?.data.themas;
  switch (action) {
    case "nieuw": {
      const gemeente = root.querySelector("#nieuw-gemeente").value;
      const slug = root.querySelector("#nieuw-slug").value.trim() || slugify(gemeente);
      if (gemeente.trim().length < 2) {
        showError("#nieuw-fout", "Vul de naam van de gemeente in.");
        return;
      }
      if (state && fileText() !== state.opgeslagen && !confirm("Je hebt wijzigingen die je nog niet hebt gedownload. Toch opnieuw beginnen?")) return;
      state = newBranch(gemeente, slug);
      notice = gegevens.afdelingen.some((a) => a.slug === slug)
        ? `Let op: er is al een afdeling '${slug}' op de site. Kies een andere bestandsnaam, of open die afdeling.`
        : "";
      draw("afdeling");
      return;
    }
    case "open-site": {
      const slug = root.querySelector("#open-afdeling").value;
      try {
        const response = await fetch(`${root.dataset.site}${slug}/downloads/${slug}.yml`);
        if (!response.ok) throw new Error(`het bestand is niet gevonden (${response.status})`);
        opened(parse(await response.text(), { version: "1.1" }), slug, true);
        notice = `${slug}.yml is geopend.`;
        draw("afdeling");
      } catch (error) {
        showError("#open-fout", `Deze afdeling kan niet geopend worden: ${error.message}`);
      }
      return;
    }
    case "omhoog":
    case "omlaag": {
      const to = action === "omhoog" ? index - 1 : index + 1;
      [themas[index], themas[to]] = [themas[to], themas[index]];
      const card = themas[to].kaart;
      announce(`${titleOf(themas[to])} staat nu op plaats ${to + 1}.`);
      const first = to === 0 ? `omlaag-${card}` : to === themas.length - 1 ? `omhoog-${card}` : `${action}-${card}`;
      draw(first);
      return;
    }
    case "kaart-weg": {
      const [gone] = themas.splice(index, 1);
      announce(`${titleOf(gone)} is weggehaald.`);
      draw(`erbij-${gone.kaart}`);
      return;
    }
    case "kaart-erbij":
      themas.push({ kaart: button.dataset.kaart });
      announce(`${titleOf(themas.at(-1))} staat nu op plaats ${themas.length}.`);
      draw(`weg-${button.dataset.kaart}`);
      return;
    case "eigen-erbij": {
      const list = (themas[index].eigen_standpunten ??= []);
      list.push({ id: "eigen-standpunt", tekst: "" });
      draw();
      root.querySelector(`#${fieldId(`/themas/${index}/eigen_standpunten/${list.length - 1}/tekst`)}`)?.focus();
      return;
    }
    case "eigen-weg": {
      const list = themas[index].eigen_standpunten;
      list.splice(Number(button.dataset.j), 1);
      if (!list.length) delete themas[index].eigen_standpunten;
      draw(`eigen-erbij-${themas[index].kaart}`);
      return;
    }
    case "feit-erbij": {
      const pad = button.dataset.pad;
      const list = at(state.data, pad) ?? [];
      list.push({ tekst: "", bron: "" });
      for (const fact of list) for (const key of ["tekst", "bron"]) if (fact[key] === "") delete fact[key];
      setAt(pad, list);
      draw();
      root.querySelector(`#${fieldId(`${pad}/${list.length - 1}/tekst`)}`)?.focus();
      return;
    }
    case "feit-weg": {
      const pad = button.dataset.pad;
      const list = at(state.data, pad);
      list.splice(Number(button.dataset.j), 1);
      if (!list.length) setAt(pad, undefined);
      draw(`feit-erbij${pad.replaceAll("/", "-")}`);
      return;
    }
    case "download":
      download();
      return;
    case "kopieer":
      await copy("Het bestand staat op je klembord.");
      return;
    case "github":
      await propose();
      return;
    default:
  }
}

function titleOf(choice) {
  const card = gegevens.kaarten.find((c) => c.id === choice.kaart);
  return fill(choice.titel ?? card?.titel ?? choice.kaart, variableValues());
}

function announce(text) {
  const status = root.querySelector("#status");
  notice = "";
  queueMicrotask(() => {
    const now = root.querySelector("#status");
    if (now) now.textContent = text;
  });
  if (status) status.textContent = text;
}

function showError(selector, text) {
  const slot = root.querySelector(selector);
  slot.textContent = text;
  slot.hidden = false;
}

// ---------------------------------------------------------------- checking, preview, output

function update() {
  if (!state) return;
  problems = check(state.data, state.slug ?? "");
  const shown = new Set();
  for (const slot of root.querySelectorAll(".fout[data-pad]")) {
    const problem = problems.find((p) => p.pad === slot.dataset.pad);
    slot.hidden = !problem;
    slot.textContent = problem ? problem.melding : "";
    const input = root.querySelector(`#veld${slot.id.slice(4)}`);
    if (input) input.setAttribute("aria-invalid", problem ? "true" : "false");
    if (problem) shown.add(problem);
  }
  const elsewhere = problems.filter((p) => !shown.has(p));
  const summary = root.querySelector("#samenvatting-fouten");
  if (summary) {
    summary.innerHTML = problems.length
      ? `<p class="fout-algemeen">Nog ${problems.length === 1 ? "1 ding" : `${problems.length} dingen`} te verbeteren voordat je het bestand kunt bewaren. Je ziet de melding bij het veld.</p>${elsewhere.length ? `<ul>${elsewhere.map((p) => `<li>${e(p.pad)}: ${e(p.melding)}</li>`).join("")}</ul>` : ""}`
      : '<p class="goed">Alles klopt. Je kunt het bestand bewaren.</p>';
  }
  for (const id of ["#knop-download", "#knop-kopieer", "#knop-github"]) {
    const button = root.querySelector(id);
    if (button) button.disabled = problems.length > 0;
  }
  const preview = root.querySelector("#voorbeeld");
  if (preview) preview.innerHTML = previewHtml();
  localStorage.setItem(STORE, JSON.stringify(state));
}

function previewHtml() {
  const d = state.data;
  const values = variableValues();
  const facts = (list) =>
    list?.length
      ? `<ul class="cijfers">${list.map((f) => `<li>${inline(fill(f.tekst ?? "", values))} <span class="bron">(${e(sourceName(f.bron))}, ${e(f.jaar ?? "")})</span></li>`).join("")}</ul>`
      : "";
  const chapters = d.themas
    .map((choice, index) => {
      const card = gegevens.kaarten.find((c) => c.id === choice.kaart);
      if (!card) return "";
      const kept = Array.isArray(choice.standpunten)
        ? choice.standpunten.map((id) => card.standpunten.find((p) => p.id === id)).filter(Boolean)
        : card.standpunten.filter((p) => !(choice.weglaten ?? []).includes(p.id));
      const points = [...kept.map((p) => [p, false]), ...(choice.eigen_standpunten ?? []).map((p) => [p, true])];
      return `<section class="hoofdstuk" data-kaart="${e(card.id)}"><h3>${index + 1}. ${e(fill(choice.titel ?? card.titel, values))}</h3>
${paragraphs(fill(choice.inleiding ?? card.inleiding, values))}
${facts(choice.lokale_feiten)}
<ol class="standpunten">${points.map(([p, own], j) => `<li data-id="${e(p.id ?? "")}"${own ? ' class="eigen"' : ""}><span class="nummer">${index + 1}.${j + 1}</span> ${inline(fill(p.tekst ?? "", values))}${own ? ' <span class="label-eigen">eigen standpunt</span>' : ""}</li>`).join("")}</ol></section>`;
    })
    .join("");
  return `<h3 class="programma-titel">${e(d.afdeling ?? "")}</h3>
<h4>Voorwoord</h4>${paragraphs(fill(d.voorwoord ?? "", values))}${facts(d.gemeente?.feiten)}${chapters}`;
}

function sourceName(bron) {
  return gegevens.bronnen.find((s) => s.id === bron)?.verwijzing ?? bron ?? "";
}

/** The branch file as `python build.py nieuw` writes it: schema comment, same key order. */
function fileText() {
  if (!state) return "";
  const d = state.data;
  const ordered = {};
  for (const key of ["afdeling", "status", "vastgesteld_op", "publiceren", "gemeente", "voorwoord", "logo", "themas"]) {
    if (key in d) ordered[key] = d[key];
  }
  for (const key of Object.keys(d)) if (!(key in ordered)) ordered[key] = d[key];
  if (d.gemeente) ordered.gemeente = pick(d.gemeente, ["naam", "feiten"], facts);
  if (typeof ordered.voorwoord === "string" && !ordered.voorwoord.endsWith("\n") && ordered.voorwoord.includes("\n")) {
    ordered.voorwoord += "\n";
  }
  ordered.themas = (d.themas ?? []).map((choice) =>
    pick(choice, ["kaart", "titel", "inleiding", "standpunten", "weglaten", "eigen_standpunten", "lokale_feiten"], (key, value) => {
      if (key === "eigen_standpunten") return value.map((p) => pick(p, ["id", "tekst", "toelichting", "meetbaar"]));
      if (key === "lokale_feiten") return value.map((f) => pick(f, ["tekst", "bron", "jaar", "url"]));
      return value;
    }),
  );
  const name = d.gemeente?.naam ?? state.slug;
  const doc = new Document(ordered, { version: "1.1" });
  return `${HEADER}# Afdelingsbestand voor ${String(name).replace(/\s+/g, " ")}, gemaakt op de pagina Samenstellen.\n${doc.toString({ lineWidth: 90, minContentWidth: 40 })}`;
}

function facts(key, value) {
  return key === "feiten" ? value.map((f) => pick(f, ["tekst", "bron", "jaar", "url"])) : value;
}

function pick(object, order, map = (_, value) => value) {
  const result = {};
  for (const key of [...order, ...Object.keys(object)]) {
    if (key in object && !(key in result)) result[key] = map(key, object[key]);
  }
  return result;
}

function download() {
  if (problems.length) return;
  const text = fileText();
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([text], { type: "application/yaml" }));
  link.download = `${state.slug}.yml`;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 1000);
  state.opgeslagen = text;
  update();
  say(`${state.slug}.yml is gedownload. Stuur het naar het partijbureau.`);
}

async function copy(done) {
  if (problems.length) return false;
  const text = fileText();
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    say("Kopiëren lukte niet. Gebruik de knop Download.");
    return false;
  }
  state.opgeslagen = text;
  update();
  say(done);
  return true;
}

async function propose() {
  if (problems.length) return;
  const repo = gegevens.partij.repository;
  const path = `content/afdelingen/${state.slug}.yml`;
  if (!state.bestaand) {
    const text = fileText();
    const url = `https://github.com/${repo}/new/main?filename=${encodeURIComponent(path)}&value=${encodeURIComponent(text)}`;
    state.opgeslagen = text;
    update();
    open(url, "_blank", "noopener");
    say("GitHub is geopend in een nieuw tabblad. Kies daar 'Propose changes'.");
    return;
  }
  if (await copy("")) {
    open(`https://github.com/${repo}/edit/main/${path}`, "_blank", "noopener");
    say("Het bestand staat op je klembord. Op GitHub: selecteer alle tekst (Ctrl+A), plak je bestand (Ctrl+V) en kies 'Propose changes'.");
  }
}

function say(text) {
  const status = root.querySelector("#status");
  if (status) status.textContent = text;
}
