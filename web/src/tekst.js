// Small helpers for texts: variables, slugs, safe HTML for the preview.

const APOSTROPHES = /['\u2018\u2019\u02bc`\u00b4]/g;
const LETTERS = { "ß": "ss", "æ": "ae", "ø": "o", "œ": "oe", "ł": "l", "đ": "d", "þ": "th" };

/** A web address for a Dutch name, as bouwstenen.names.slugify makes it. */
export function slugify(name) {
  let plain = name.normalize("NFKD").replace(/\p{M}/gu, "");
  plain = plain.replace(APOSTROPHES, "").toLowerCase();
  plain = [...plain].map((ch) => LETTERS[ch] ?? ch).join("");
  const slug = plain.replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  if (!slug) return "afdeling";
  return /^[a-z]/.test(slug) ? slug : `afdeling-${slug}`;
}

/** An id for an own point, from its first words (variables filled in from `values`). */
export function idFromText(text, values) {
  const words = slugify(fill(text, values, true)).split("-").slice(0, 6).join("-");
  return words.slice(0, 60).replace(/-+$/, "") || "eigen-standpunt";
}

export const VARIABLE = /\{\{\s*([A-Za-z_][\w.]*)\s*\}\}/g;

/** `text` with its variables filled in from `values` (left as they are when unknown). */
export function fill(text, values, drop = false) {
  return String(text ?? "").replace(VARIABLE, (whole, name) =>
    name in values && values[name] !== undefined ? values[name] : drop ? "" : whole,
  );
}

export function escapeHtml(text) {
  return String(text ?? "")
    .replaceAll("&", "&amp;")
    .replaceAll("<", "&lt;")
    .replaceAll(">", "&gt;")
    .replaceAll('"', "&quot;");
}

/** Paragraphs and **bold** for the preview; everything else stays plain, escaped text. */
export function paragraphs(text) {
  return String(text ?? "")
    .trim()
    .split(/\n\s*\n/)
    .filter((part) => part.trim())
    .map((part) => `<p>${inline(part)}</p>`)
    .join("");
}

export function inline(text) {
  return escapeHtml(text)
    .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
    .replace(/\[([^\]]+)\]\((?:https?:|mailto:)[^)\s]*\)/g, "<u>$1</u>");
}
