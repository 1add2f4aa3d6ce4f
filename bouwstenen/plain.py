"""Plain Dutch (B1): warnings for texts that are harder to read than they need to be, and a
readability score per card for the office's report.

Each rule gives a Problem with severity 'let op' at the line of the sentence or word
(`--streng` makes them errors, like every warning):

- a sentence of more than LONGEST_SENTENCE words;
- a long word: a part of a word with more than LONG_WORD syllables (pyphen's Dutch
  hyphenation). A hyphen splits a compound into parts, so `schuldhulp-verlening` passes
  where `schuldhulpverlening` does not: the Taalunie allows a hyphen in a long compound to
  make it readable. Words with a capital inside a sentence are names, and the
  `bekende_woorden` of content/jargon.yml are known to every reader;
- a sentence that does not say who acts (passive): a form of `worden` and a past participle
  in the same part of a sentence (between commas), or a form of `zijn`, a participle and
  `door`;
- a word from `woorden` in content/jargon.yml, with the plain word to use; once per file;
- an abbreviation from `afkortingen` whose full name the file has not written out before
  it; once per file.

Not checked: variables (`{{ gemeente.naam }}`), web addresses, Markdown link targets and
code, the `namen` in jargon.yml (laws, organisations), and for single words: text between
quotes (someone else's words, the title of a report), and the 'Bronnen' sections of the guide.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pyphen

from bouwstenen.load import Library
from bouwstenen.problem import Problem
from bouwstenen.yamlfile import Document, Path_, as_list, texts_under

LONGEST_SENTENCE = 20
"""B1: a sentence has at most this many words."""
LONG_WORD = 5
"""A part of a word with more syllables than this is long (schuld-hulp-ver-le-ning has 5)."""
TEXT_KEYS = frozenset(
    {
        "samenvatting",
        "inleiding",
        "tekst",
        "toelichting",
        "meetbaar",
        "voorwoord",
        "vraag",
        "antwoord",
        "titel",
    }
)
"""Keys in cards and branch files whose value is text for readers; not sources, addresses or ids."""
WORDEN = frozenset({"word", "wordt", "worden", "werd", "werden", "geworden"})
ZIJN = frozenset({"is", "zijn", "was", "waren", "geweest"})
NOT_PARTICIPLES = frozenset(
    """gebied gebieden geld gelden gevecht gezicht gedicht geluid geduld gewicht gerecht gemiddeld
    gebeuren gebruiken geloven genieten getuigen gemeenten gezinnen gevallen geleden gesprekken
    gedachten gevolgen geheimen gebouwen gezet bericht berichten beleid verband verbod bestand
    verstand herfst ernst bedrijven betekent verschilt verandert vertelt bestaat ontstaat verdient
    bereid verantwoord gericht geschikt gewoon genoeg bewind""".split()  # noqa: SIM905
)
"""Words that look like a past participle (ge…d, be…t) but are not one, or rarely are."""
STRONG_PARTICIPLES = frozenset(
    """besproken beschreven besloten bevonden verkregen vergeten verboden verloren ontvangen
    ontnomen verzonden bewezen verstoten""".split()  # noqa: SIM905
)
"""Past participles with be-, ver- or ont- that end in -en (the pattern takes only -d and -t there)."""
_PARTICIPLE = re.compile(
    r"(?:op|aan|uit|af|in|vast|toe|mee|door|over|terug|bij|na|voor|weg|samen|tegen|vrij|los)?"
    r"(?:ge[a-zà-ÿ]{2,}(?:d|t|en|an)|(?:be|ver|ont|her|er)[a-zà-ÿ]{2,}[dt])"
)
ABBREVIATED = frozenset("bijv bv o.a d.w.z enz e.d ca nr m.n o.m t.o.v vs".split())  # noqa: SIM905
"""Words ending in a full stop that does not end the sentence."""
_VARIABLE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_URL = re.compile(r"(?:https?://|www\.)\S+")
_LINK_TARGET = re.compile(r"(?<=\])\([^)\s]*\)")
_CODE = re.compile(r"```.*?```|`[^`\n]*`", re.S)
_LINE_MARK = re.compile(r"^[ \t]*(?:[-+*]|\d+[.)]|#+|!!!\s*\w+|\?\?\?\+?\s*\w+)[ \t]", re.M)
_MARKUP = re.compile(r"[*_\[\]#|<>]")
_QUOTE = re.compile(r'"[^"\n]*"|„[^"”\n]*[”"]|“[^”\n]*”|(?<!\w)\'[^\'\n]+\'(?!\w)')
_SOURCES = re.compile(r"^(#+) Bronnen[ \t]*\n(?:(?!#+ ).*\n?)*", re.M)
_BLOCK = re.compile(r"\n[ \t]*\n|\n(?=[ \t]*(?:¶|\|))")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[\"'„“(]*[A-ZÀ-Ý0-9])|(?<=[.!?][\"”])\s+")
_WORD = re.compile(r"\d+(?:[.,]\d+)+|[^\W_][\w'’]*(?:-[^\W_][\w'’]*)*")
_CLAUSE = re.compile(r"[,;:()–—]")
_VOWELS = frozenset("aeiouyàáâäèéêëìíîïòóôöùúûü")
NAME = "Naam"
"""What a variable or a name from the list counts as: one word, a name."""


@dataclass(frozen=True, slots=True)
class Jargon:
    """content/jargon.yml, read: what the word checks know."""

    words: tuple[tuple[str, str], ...]
    """(hard word in small letters, what to write instead)."""
    abbreviations: tuple[tuple[str, str], ...]
    """(abbreviation, full name)."""
    names: tuple[str, ...]
    known: frozenset[str]


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing in a text harder to read than B1, at character `offset` of the text."""

    offset: int
    message: str
    hint: str
    key: str = ""
    """The word or abbreviation, said once per file; '' for a sentence, said every time."""


@dataclass(frozen=True, slots=True)
class Text:
    """One text for readers in a file, and where it is."""

    file: str
    line: int
    """The line where the text starts."""
    text: str
    source: tuple[str, ...] = ()
    """The file's lines from `line` on, for a YAML text (a folded one loses its line breaks, so
    its words are counted along these lines); empty for a Markdown page, which is its file."""


EMPTY = Jargon((), (), (), frozenset())


def jargon_of(library: Library) -> Jargon:
    """The lists in content/jargon.yml, or none when it is missing or not as its schema says."""
    data = library.jargon.data if library.jargon is not None else None
    if not isinstance(data, dict):
        return EMPTY
    jargon = Jargon(
        tuple((str(k).lower(), str(v)) for k, v in _mapping(data.get("woorden")).items()),
        tuple((str(k), str(v)) for k, v in _mapping(data.get("afkortingen")).items()),
        tuple(str(name) for name in as_list(data.get("namen"))),
        frozenset(str(word).lower() for word in as_list(data.get("bekende_woorden"))),
    )
    return _the_same(jargon)


@lru_cache(maxsize=8)
def _the_same(jargon: Jargon) -> Jargon:
    """One object for equal lists, so the caches below find it at once (hundreds of branches)."""
    return jargon


def library_warnings(library: Library) -> list[Problem]:
    """The warnings on every card of the library and every page of the guide."""
    jargon = jargon_of(library)
    found = [w for card in library.themes for w in document_warnings(library.root, card, jargon)]
    return found + guide_warnings(library, jargon)


def guide_warnings(library: Library, jargon: Jargon) -> list[Problem]:
    """The warnings on the pages of the guide, page by page."""
    return [warning for page in library.guide for warning in _page_warnings(page.path, page.text, jargon)]


@lru_cache(maxsize=256)
def _page_warnings(path: str, text: str, jargon: Jargon) -> tuple[Problem, ...]:
    """Once per page for all branches: every branch's site has the guide."""
    return tuple(file_warnings([Text(path, 1, _without_sources(text))], jargon))


def _without_sources(text: str) -> str:
    """A guide page with its sections headed 'Bronnen' blanked out: titles and names of
    sources are not ours to reword."""
    return _SOURCES.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)


def document_warnings(root: Path, document: Document, jargon: Jargon) -> list[Problem]:
    """The warnings on the texts of one card or branch file."""
    source = _file_lines(root / document.path)
    texts = [_text(document, where, value, source) for where, value in texts_under(document.data, TEXT_KEYS)]
    return file_warnings(sorted(texts, key=lambda text: text.line), jargon)


def file_warnings(texts: list[Text], jargon: Jargon) -> list[Problem]:
    """The warnings on the texts of one file, in their order: a word or abbreviation once."""
    said: set[str] = set()
    explained: set[str] = set()
    found: list[Problem] = []
    for text in texts:
        findings = list(findings_in(text.text, jargon)) + _unexplained(text.text, jargon, explained)
        for finding in sorted(findings, key=lambda f: f.offset):
            if finding.key and finding.key in said:
                continue
            said.add(finding.key)
            found.append(
                Problem(text.file, _line(text, finding.offset), finding.message, finding.hint, "let op")
            )
    return found


@lru_cache(maxsize=4096)
def findings_in(text: str, jargon: Jargon) -> tuple[Finding, ...]:
    """What makes `text` harder to read than B1, in order; once per text for all branches."""
    base = _masked(text, jargon.names)
    words = _QUOTE.sub(lambda m: " " * len(m.group()), base)
    found: list[Finding] = []
    for start, end in _sentences(base):
        found += _sentence_findings(text, base, words, start, end, jargon)
    return tuple(sorted(found, key=lambda f: f.offset))


def score(texts: list[str]) -> int | None:
    """Flesch-Douma reading ease of `texts` together (Douma 1960, Flesch for Dutch): 206.835 −
    0.93 × words per sentence − 77 × syllables per word. 60 to 70 is normal, above 70 easy,
    below 50 hard. None for no words."""
    sentences = words = syllables = 0
    for text in texts:
        base = _masked(text, ())
        for start, end in _sentences(base):
            counted = _WORD.findall(base, start, end)
            sentences += bool(counted)
            words += len(counted)
            syllables += sum(_syllables(word) for word in counted)
    if not words:
        return None
    return round(206.835 - 0.93 * words / sentences - 77 * syllables / words)


def card_texts(card: Any) -> list[str]:
    """The texts for readers on a card (its parsed data), in file order (what `score` reads)."""
    return [value for _, value in texts_under(card, TEXT_KEYS)]


def verdict(reading_ease: int | None) -> str:
    """What a Flesch-Douma score means, in a word or two."""
    if reading_ease is None:
        return "geen tekst"
    steps = ((70, "makkelijk"), (60, "gewoon"), (50, "vrij moeilijk"))
    return next((word for lowest, word in steps if reading_ease >= lowest), "moeilijk")


def _sentence_findings(
    text: str, base: str, words: str, start: int, end: int, jargon: Jargon
) -> list[Finding]:
    found: list[Finding] = []
    counted = list(_WORD.finditer(base, start, end))
    size = _length(base, words, start, end)
    if size > LONGEST_SENTENCE:
        opening = " ".join(text[counted[0].start() : counted[5].start()].split()).rstrip(",;:(")
        found.append(
            Finding(
                counted[0].start(),
                f"deze zin heeft {size} woorden ('{opening} …')",
                f"maak er twee of meer zinnen van (B1: hooguit {LONGEST_SENTENCE} woorden per zin)",
            )
        )
    found += _passive(words, start, end)
    hard = list(_jargon_words(words, start, end, jargon))
    said = {finding.offset for finding in hard}
    first = counted[0].start() if counted else start
    found += hard + [
        finding
        for match in _WORD.finditer(words, start, end)
        if match.start() not in said
        for finding in _long_word(match, match.start() == first, jargon)
    ]
    return found


def _length(base: str, words: str, start: int, end: int) -> int:
    """The words of a sentence; a quote counts as one: someone else's words are not ours to split."""
    return len(_WORD.findall(words, start, end)) + len(_QUOTE.findall(base, start, end))


def _passive(words: str, start: int, end: int) -> Iterator[Finding]:
    clause_start = start
    for clause_end in [m.start() for m in _CLAUSE.finditer(words, start, end)] + [end]:
        tokens = [m for m in _WORD.finditer(words, clause_start, clause_end)]
        clause_start = clause_end + 1
        lower = [m.group().lower() for m in tokens]
        helper = next((m for m, w in zip(tokens, lower, strict=True) if w in WORDEN), None)
        if helper is None and "door" in lower:
            helper = next((m for m, w in zip(tokens, lower, strict=True) if w in ZIJN), None)
        participle = next((m for m, w in zip(tokens, lower, strict=True) if _is_participle(w)), None)
        if helper is not None and participle is not None:
            first, second = sorted((helper, participle), key=lambda m: m.start())
            between = " " if tokens.index(second) - tokens.index(first) == 1 else " … "
            shown = f"{first.group()}{between}{second.group()}"
            yield Finding(
                first.start(),
                f"deze zin zegt niet wie het doet ('{shown}')",
                "schrijf wie het doet, bijvoorbeeld 'de gemeente betaalt' in plaats van 'er wordt betaald'",
            )


def _is_participle(word: str) -> bool:
    if word in STRONG_PARTICIPLES:
        return True
    return bool(_PARTICIPLE.fullmatch(word)) and word not in NOT_PARTICIPLES and not word.endswith("heid")


def _jargon_words(words: str, start: int, end: int, jargon: Jargon) -> Iterator[Finding]:
    pattern = _jargon_pattern(tuple(word for word, _ in jargon.words))
    if pattern is None:
        return
    plain = dict(jargon.words)
    for match in pattern.finditer(words, start, end):
        key = match.group(1).lower()
        yield Finding(
            match.start(),
            f"'{match.group()}' is een moeilijk woord",
            f"schrijf liever: {plain[key]}",
            key,
        )


@lru_cache(maxsize=16)
def _jargon_pattern(keys: tuple[str, ...]) -> re.Pattern[str] | None:
    if not keys:
        return None
    terms = "|".join(_phrase(key) for key in sorted(keys, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])({terms})(?:s|en|n|e|'s)?(?![\w-])", re.I)


def _long_word(match: re.Match[str], first: bool, jargon: Jargon) -> Iterator[Finding]:
    word = match.group()
    if sum(c in _VOWELS for c in word.lower()) <= LONG_WORD:
        return  # a syllable needs a vowel: no need to ask pyphen
    if (word[0].isupper() and not first) or any(c.isdigit() for c in word) or _known(word, jargon):
        return
    longest = max(_syllables(part) for part in word.split("-"))
    if longest > LONG_WORD:
        yield Finding(
            match.start(),
            f"'{word}' is een lang woord ({longest} lettergrepen)",
            "zeg het met kortere woorden, of zet een streepje tussen de delen (zoals 'jeugdhulp-aanbieders')",
            word.lower(),
        )


def _known(word: str, jargon: Jargon) -> bool:
    """A word in `bekende_woorden`, also in the plural."""
    lower = word.lower()
    return any(lower.removesuffix(end) in jargon.known for end in ("", "s", "'s", "en", "n"))


def _unexplained(text: str, jargon: Jargon, explained: set[str]) -> list[Finding]:
    """The first use of each abbreviation whose full name is not written before it (in this
    text or an earlier one of the file) or right after it; `explained` grows with each use."""
    found: list[Finding] = []
    for abbreviation, finding in _abbreviations_in(text, jargon):
        if abbreviation not in explained:
            explained.add(abbreviation)
            found += [finding] if finding is not None else []
    return found


@lru_cache(maxsize=4096)
def _abbreviations_in(text: str, jargon: Jargon) -> tuple[tuple[str, Finding | None], ...]:
    """Each abbreviation `text` uses, with a finding when its first use there is unexplained."""
    if not jargon.abbreviations:
        return ()
    words = _QUOTE.sub(lambda m: " " * len(m.group()), _masked(text, ()))
    found: list[tuple[str, Finding | None]] = []
    for abbreviation, full in jargon.abbreviations:
        use = re.search(rf"(?<!\w){re.escape(abbreviation)}(?!\w)", words)
        if use is None:
            continue
        written = re.search(_phrase(full), text, re.I)
        unexplained = written is None or written.start() > use.start() + 80
        finding = Finding(
            use.start(),
            f"'{abbreviation}' is een afkorting zonder uitleg",
            f"schrijf de eerste keer voluit: {full} ({abbreviation})",
            abbreviation,
        )
        found.append((abbreviation, finding if unexplained else None))
    return tuple(found)


def _masked(text: str, names: tuple[str, ...]) -> str:
    """`text` with what is not checked blanked out, the same length so offsets still hold."""

    def blank(match: re.Match[str]) -> str:
        return " " * len(match.group())

    def name(match: re.Match[str]) -> str:
        return NAME.ljust(len(match.group()))

    text = _VARIABLE.sub(name, text)
    for found in sorted(names, key=len, reverse=True):
        text = re.sub(rf"(?<!\w){_phrase(found)}(?!\w)", name, text)
    text = _CODE.sub(lambda m: re.sub(r"[^\n]", " ", m.group()), text)
    text = _URL.sub(blank, text)
    text = _LINK_TARGET.sub(blank, text)
    text = _LINE_MARK.sub(lambda m: "¶".ljust(len(m.group())), text)
    return _MARKUP.sub(" ", text)


def _phrase(words: str) -> str:
    """A pattern for `words`, also when a line break stands between two of them."""
    return re.escape(words).replace(r"\ ", r"\s+")


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    """The (start, end) of each sentence: blocks split at blank lines and list items."""
    block_start = 0
    for block_end in [m.start() for m in _BLOCK.finditer(text)] + [len(text)]:
        start = block_start
        for end in _ends(text, block_start, block_end):
            if text[start:end].strip():
                yield start, end
            start = end
        block_start = block_end


def _ends(text: str, start: int, end: int) -> Iterator[int]:
    for match in _SENTENCE_END.finditer(text, start, end):
        before = text[start : match.start()].split()
        if before and before[-1].rstrip(".").lower() not in ABBREVIATED:
            yield match.start()
    yield end


@lru_cache(maxsize=1 << 15)
def _syllables(word: str) -> int:
    return len(_hyphenator().positions(word.lower())) + 1


@lru_cache(maxsize=1)
def _hyphenator() -> pyphen.Pyphen:
    """The Dutch hyphenation patterns, read once and only when a text is checked (0.2 s)."""
    return pyphen.Pyphen(lang="nl_NL")


def _text(document: Document, where: Path_, value: str, source: tuple[str, ...]) -> Text:
    line = document.text_line(where)
    return Text(document.path, line, value, source[line - 1 :] if source else ())


def _line(text: Text, offset: int) -> int:
    """The line in the file of character `offset` of the text."""
    if not text.source:
        return text.line + text.text.count("\n", 0, offset)
    before = len(text.text[:offset].split())
    words = text.text.split()
    first = text.source[0]
    at = first.find(words[0]) if words else -1
    lines = [first[at:] if at >= 0 else first, *text.source[1:]]
    for number, raw in enumerate(lines):
        before -= len(raw.split())
        if before < 0:
            return text.line + number
    return text.line


def _file_lines(path: Path) -> tuple[str, ...]:
    try:
        return tuple(path.read_text("utf-8-sig").splitlines())
    except (OSError, UnicodeDecodeError):
        return ()


def _mapping(value: Any) -> dict[Any, Any]:
    return value if isinstance(value, dict) else {}
