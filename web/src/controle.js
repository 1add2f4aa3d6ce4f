// The checks of `python build.py controleer` for one branch file, in the browser: the JSON
// Schema (with ajv) and the cross-references of bouwstenen/validate.py and sources.py. Where
// the page cannot check exactly what Python checks (Markdown), it is stricter.

import { fill } from "./tekst.js";

const SLUG = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
const MARKDOWN_KEYS = new Set(["inleiding", "tekst", "toelichting", "meetbaar", "voorwoord"]);
const TEMPLATED_KEYS = new Set([...MARKDOWN_KEYS, "titel", "samenvatting"]);

/** The schema of a branch file, compiled by ajv. */
function compiled(schemas) {
  const Ajv = window.ajv2020.default ?? window.ajv2020;
  const ajv = new Ajv({ allErrors: true, strict: false });
  for (const [name, schema] of Object.entries(schemas)) {
    if (name !== "afdeling.schema.json") ajv.addSchema(schema, name);
  }
  return ajv.compile(schemas["afdeling.schema.json"]);
}

/** A function that checks a branch file (as data) and returns [{pad, melding}]. The schema is
 * compiled at the first check, not when the page opens: compiling takes a phone a third of a
 * second, and a visitor who only looks never needs it. */
export function checker(gegevens) {
  let schema;
  const cards = new Map(gegevens.kaarten.map((card) => [card.id, card]));
  const sources = new Map(gegevens.bronnen.map((source) => [source.id, source]));
  const variables = new Set(gegevens.variabelen);
  if (!gegevens.partij.afkorting) variables.delete("partij.afkorting");

  return function check(data, slug) {
    const found = [];
    const add = (pad, melding) => {
      if (!found.some((p) => p.pad === pad)) found.push({ pad, melding });
    };
    slugProblems(slug, gegevens, add);
    schema ??= compiled(gegevens.schemas);
    if (!schema(data)) {
      for (const error of schema.errors) schemaProblem(error, add);
    }
    strings(data, "", (pad, text) => {
      const problem = characterProblem(text, gegevens.tekens);
      if (problem) add(pad, problem);
    });
    const values = {
      "gemeente.naam": String(at(data, "/gemeente/naam") ?? ""),
      afdeling: String(data?.afdeling ?? ""),
      "partij.naam": String(gegevens.partij.naam ?? ""),
      "partij.afkorting": String(gegevens.partij.afkorting ?? ""),
    };
    texts(data, "", (pad, key, text) => textProblems(pad, key, text, variables, values, add));
    const same = (name) => String(name).split(/\s+/).filter(Boolean).join(" ").toLowerCase();
    const twin = gegevens.afdelingen.find((a) => a.slug !== slug && typeof data.afdeling === "string" && same(a.afdeling) === same(data.afdeling));
    if (twin) add("/afdeling", `De afdeling '${twin.afdeling}' heeft al een bestand (${twin.slug}.yml). Kies een andere naam.`);
    for (const name of ["/afdeling", "/gemeente/naam"]) {
      const value = at(data, name);
      if (typeof value === "string") nameProblems(name, value, add);
    }
    facts(at(data, "/gemeente/feiten"), "/gemeente/feiten", sources, add);
    const seen = new Set();
    (Array.isArray(data.themas) ? data.themas : []).forEach((choice, index) => {
      const pad = `/themas/${index}`;
      if (!choice || typeof choice !== "object") return;
      facts(choice.lokale_feiten, `${pad}/lokale_feiten`, sources, add);
      const card = cards.get(choice.kaart);
      if (typeof choice.kaart !== "string") return;
      if (seen.has(choice.kaart)) add(`${pad}/kaart`, `De kaart '${choice.kaart}' staat twee keer in het programma.`);
      seen.add(choice.kaart);
      if (!card) {
        add(`${pad}/kaart`, `Er is geen themakaart '${choice.kaart}'. Haal dit thema weg.`);
        return;
      }
      choiceProblems(choice, card, pad, add);
      headingProblems(choice, card, pad, gegevens, add);
    });
    return found;
  };
}

function slugProblems(slug, gegevens, add) {
  if (!SLUG.test(slug) || slug.length > 60) {
    add("/slug", "Gebruik alleen kleine letters, cijfers en streepjes, en begin met een letter.");
  } else if (gegevens.gereserveerd.includes(slug)) {
    add("/slug", `De website gebruikt de naam '${slug}' zelf. Kies een andere, bijvoorbeeld 'afdeling-${slug}'.`);
  }
}

function schemaProblem(error, add) {
  const pad = error.instancePath;
  const p = error.params;
  switch (error.keyword) {
    case "required":
      add(`${pad}/${p.missingProperty}`, "Vul dit in.");
      break;
    case "minLength":
      add(pad, p.limit <= 1 ? "Vul dit in." : `Schrijf minstens ${p.limit} tekens.`);
      break;
    case "maxLength":
      add(pad, `Dit is te lang: schrijf hoogstens ${p.limit} tekens.`);
      break;
    case "minItems":
      add(pad, pad === "/themas" ? "Kies minstens één thema." : "Kies minstens één.");
      break;
    case "pattern":
      add(pad, patternMessage(pad));
      break;
    case "type":
      add(pad, p.type === "integer" ? "Schrijf een jaartal als geheel getal, bijvoorbeeld 2024." : "Vul dit in.");
      break;
    case "minimum":
    case "maximum":
      add(pad, "Schrijf een jaartal tussen 1900 en nu.");
      break;
    case "additionalProperties":
      add(pad, `Het veld '${p.additionalProperty}' kent Bouwstenen niet.`);
      break;
    case "dependentRequired":
      add(`${pad}/${p.missingProperty}`, p.missingProperty === "logo_beschrijving"
        ? "Beschrijf wat er op het logo staat, voor wie het niet kan zien (logo_beschrijving)."
        : "Vul dit in.");
      break;
    default:
      add(pad, "Dit klopt niet.");
  }
}

function patternMessage(pad) {
  if (pad.endsWith("/url")) return "Een webadres begint met https:// of http://, zonder spaties.";
  if (/\/(id|kaart|\d+)$/.test(pad)) return "Gebruik alleen kleine letters, cijfers en streepjes, en begin met een letter.";
  return "De tekens < en > mogen hier niet.";
}

function choiceProblems(choice, card, pad, add) {
  const ids = card.standpunten.map((point) => point.id);
  if (choice.standpunten && choice.weglaten) add(`${pad}/weglaten`, "Gebruik 'standpunten' of 'weglaten', niet allebei.");
  for (const key of ["standpunten", "weglaten"]) {
    const listed = Array.isArray(choice[key]) ? choice[key] : [];
    listed.forEach((id, index) => {
      if (typeof id === "string" && SLUG.test(id) && !ids.includes(id)) {
        add(`${pad}/${key}/${index}`, `De kaart '${card.id}' heeft geen standpunt '${id}'.`);
      }
      if (listed.indexOf(id) !== index) add(`${pad}/${key}/${index}`, `'${id}' staat twee keer in de lijst.`);
    });
  }
  const own = Array.isArray(choice.eigen_standpunten) ? choice.eigen_standpunten : [];
  const seen = new Set();
  own.forEach((point, index) => {
    const id = point?.id;
    if (typeof id !== "string") return;
    if (seen.has(id)) add(`${pad}/eigen_standpunten/${index}/id`, `De id '${id}' komt twee keer voor. Geef elk standpunt een eigen id.`);
    else if (ids.includes(id)) add(`${pad}/eigen_standpunten/${index}/id`, `De id '${id}' bestaat al op de landelijke kaart. Kies een andere.`);
    seen.add(id);
  });
  const dropped = Array.isArray(choice.weglaten) ? choice.weglaten : null;
  if (dropped && !choice.standpunten && !own.length && ids.length && ids.every((id) => dropped.includes(id))) {
    add(`${pad}/weglaten`, "Van deze kaart blijft geen enkel standpunt over. Laat er minstens één staan of haal het thema weg.");
  }
}

/** The anchor Python-Markdown gives a heading (markdown.extensions.toc.slugify). */
export function headingAnchor(title) {
  const ascii = title.normalize("NFKD").replace(/[^\x00-\x7f]/g, "");
  return ascii.replace(/[^\w\s-]/g, "").trim().toLowerCase().replace(/[-\s]+/g, "-");
}

/** Every point gets its id as anchor on the theme page: no id may be a heading's anchor. */
function headingProblems(choice, card, pad, gegevens, add) {
  const titles = [card.titel, ...card.voorbeelden.map((v) => v.titel), choice.titel].filter((t) => typeof t === "string");
  const headings = new Set([...gegevens.kopjes, ...titles.map(headingAnchor)]);
  const ids = card.standpunten.map((p) => p.id);
  (Array.isArray(choice.eigen_standpunten) ? choice.eigen_standpunten : []).forEach((point, index) => {
    const id = point?.id;
    if (typeof id === "string" && (headings.has(id) || id.startsWith(gegevens.kopje_begin))) {
      add(`${pad}/eigen_standpunten/${index}/id`, `De id '${id}' is al het adres van een kopje op de themapagina. Kies een andere, bijvoorbeeld 'punt-${id}'.`);
    }
  });
  if (typeof choice.titel === "string" && ids.includes(headingAnchor(choice.titel))) {
    add(`${pad}/titel`, "Deze titel is gelijk aan de id van een standpunt. Maak de titel iets langer of anders.");
  }
}

function facts(list, pad, sources, add) {
  if (!Array.isArray(list)) return;
  const thisYear = new Date().getFullYear();
  list.forEach((fact, index) => {
    if (!fact || typeof fact !== "object") return;
    const here = `${pad}/${index}`;
    if (Number.isInteger(fact.jaar) && fact.jaar > thisYear) {
      add(`${here}/jaar`, `Het jaar ${fact.jaar} ligt in de toekomst. Schrijf ${thisYear} of eerder.`);
    }
    if (typeof fact.bron === "string" && SLUG.test(fact.bron)) {
      const source = sources.get(fact.bron);
      if (!source) {
        add(`${here}/bron`, `Er is geen bron '${fact.bron}'. Kies een bron uit de lijst of schrijf de bron voluit, met hoofdletters of spaties.`);
      } else if (source.jaar && Number.isInteger(fact.jaar) && fact.jaar !== source.jaar && fact.jaar <= thisYear) {
        add(`${here}/jaar`, `De bron '${fact.bron}' is uit ${source.jaar}. Schrijf dat jaar, of kies een andere bron.`);
      }
    }
  });
}

function strings(data, pad, visit) {
  if (typeof data === "string") visit(pad, data);
  else if (Array.isArray(data)) data.forEach((value, index) => strings(value, `${pad}/${index}`, visit));
  else if (data && typeof data === "object") {
    for (const [key, value] of Object.entries(data)) {
      strings(key, pad, visit);
      strings(value, `${pad}/${key}`, visit);
    }
  }
}

// The characters that end a word for Python (\s): not JavaScript's \s, which also has U+FEFF.
const SPACES = "\\t-\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";

/** What bouwstenen/characters.py refuses: control characters, huge words, deep [ ], unprintable characters. */
export function characterProblem(text, rules) {
  const odd = text.match(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
  if (odd) return "Er staat een onzichtbaar stuurteken in deze tekst. Haal het weg.";
  // YAML reads these as a new line, so the file would break; they come with copied text.
  if (/[\u2028\u2029]/.test(text)) return "Er staat een onzichtbaar teken voor een nieuwe regel in deze tekst. Haal het weg.";
  // A font draws it, but an accessible PDF may not hold it (characters.REFUSED).
  if (text.includes("\ufeff")) return "Er staat een onzichtbaar teken (U+FEFF) in deze tekst. Typ de tekst rond dat teken opnieuw.";
  if (new RegExp(`[^${SPACES}]{${rules.langste_woord + 1},}`).test(text)) {
    return `Er staat een woord van meer dan ${rules.langste_woord} tekens in deze tekst. Zet er spaties tussen.`;
  }
  let depth = 0;
  for (const char of text) {
    if (char === "[") depth += 1;
    else if (char === "]") depth = Math.max(0, depth - 1);
    if (depth > rules.meeste_haken) return "Er staan te veel vierkante haken [ in elkaar in deze tekst.";
  }
  for (const char of text) {
    const code = char.codePointAt(0);
    if (code >= 0xd800 && code <= 0xdfff) return "Er staat een half teken in deze tekst. Haal het weg.";
    if (code >= rules.vanaf && !rules.wel.some(([first, last]) => code >= first && code <= last)) {
      return `Het teken '${char}' kan niet in het handboek (geen lettertype heeft het). Haal het weg.`;
    }
  }
  return null;
}

function texts(data, pad, visit) {
  if (Array.isArray(data)) {
    data.forEach((value, index) => texts(value, `${pad}/${index}`, visit));
  } else if (data && typeof data === "object") {
    for (const [key, value] of Object.entries(data)) {
      if (typeof value === "string" && TEMPLATED_KEYS.has(key)) visit(`${pad}/${key}`, key, value);
      else texts(value, `${pad}/${key}`, visit);
    }
  }
}

/** Variables, and Markdown that the site would remove: links other than http(s)/mailto, images,
 * HTML, Markdown nested too deep. Python checks the Markdown with the variables filled in (a name
 * can end a text's "[" or begin its "("), so with `values` the filled-in text is checked too. */
export function textProblem(key, text, variables, values) {
  let rest = text;
  for (const match of text.matchAll(/\{\{\s*([A-Za-z_][\w.]*)\s*\}\}/g)) {
    if (!variables.has(match[1])) {
      return `Onbekende variabele ${match[0]}. Gebruik een van deze: ${[...variables].map((v) => `{{ ${v} }}`).join(", ")}.`;
    }
    rest = rest.replace(match[0], "");
  }
  if (/[{}]/.test(rest)) {
    return "Gebruik accolades { } alleen voor variabelen, zoals {{ gemeente.naam }}.";
  }
  const filled = values ? fill(text, values) : rest;
  return markupProblem(key, rest) ?? markupProblem(key, filled);
}

function markupProblem(key, text) {
  if (/[<>]/.test(text.replace(/^\s*>/gm, ""))) {
    return "De tekens < en > mogen niet in een tekst (behalve > aan het begin van een regel voor een citaat).";
  }
  if (/!\[/.test(text)) return "Afbeeldingen kunnen niet in een tekst.";
  for (const match of text.matchAll(/\]\(\s*([^)\s]*)/g)) {
    if (!/^(https?:\/\/|mailto:)/i.test(match[1])) {
      return "Een link moet beginnen met https://, http:// of mailto:.";
    }
  }
  if (/\]:/.test(text)) return "Schrijf een link als [tekst](https://...).";
  if (/^(\s*>){8,}/m.test(text) || /^ {16,}\S/m.test(text) || nesting(text) > MAX_NESTING) {
    return "Er staan te veel lijsten, citaten (>) of sterretjes (*) in elkaar in deze tekst. Maak het eenvoudiger.";
  }
  if (key === "titel" && /\]\(|https?:|www\./i.test(text)) return "Een titel kan geen link zijn.";
  return null;
}

const MAX_NESTING = 30; // bouwstenen/sanitize.py MAX_NESTING

/** At least as deep as Python-Markdown nests the elements of `text`: the containers at the start
 * of a line (4 spaces, a list marker: 2 levels; > : 1), plus, in a paragraph, the most marks that
 * could open an element before a place and close it after (* _ ` [ ]), plus 4 for p, pre, tables. */
function nesting(text) {
  let blocks = 0;
  for (const line of text.split("\n")) {
    let rest = line.replaceAll("\t", "    ");
    let depth = 0;
    for (;;) {
      const indent = rest.length - rest.trimStart().length;
      depth += 2 * Math.floor(indent / 4);
      rest = rest.slice(indent);
      const marker = rest.match(/^(>|[-*+](?=\s|$)|\d+[.)](?=\s|$))/);
      if (!marker) break;
      depth += marker[0] === ">" ? 1 : 2;
      rest = rest.slice(marker[0].length);
    }
    blocks = Math.max(blocks, depth);
  }
  let inline = 0;
  for (const part of text.split(/\n\s*\n/)) {
    // An underscore inside a word (een_woord) opens and closes nothing.
    const marks = [...part.replace(/(?<=[\p{L}\p{N}])_+(?=[\p{L}\p{N}])/gu, "")];
    const opens = [];
    let open = 0;
    for (const char of marks) {
      if ("*_`[".includes(char)) open += 1;
      opens.push(open);
    }
    let close = 0;
    for (let index = marks.length - 1; index >= 0; index -= 1) {
      inline = Math.max(inline, Math.min(opens[index], close));
      if ("*_`]".includes(marks[index])) close += 1;
    }
  }
  return blocks + inline + 4;
}

function textProblems(pad, key, text, variables, values, add) {
  const problem = textProblem(key, text, variables, values);
  if (problem) add(pad, problem);
}

function nameProblems(pad, value, add) {
  if (/[<>{}[\]]|:\/\/|www\.|@/.test(value) || /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200b-\u200f\ufeff]/.test(value)) {
    add(pad, "Schrijf alleen de naam, zonder link, e-mailadres of tekens als < > { } [ ].");
  }
}

/** The value at a JSON pointer such as /gemeente/naam. */
export function at(data, pad) {
  let value = data;
  for (const key of pad.split("/").slice(1)) value = value?.[key];
  return value;
}
