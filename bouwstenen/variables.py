"""Variables in volunteer text, such as {{ gemeente.naam }}, rendered in a sandbox.

Volunteer text is never compiled as a template in a normal Environment. Only plain
variable lookups from a fixed list are allowed; anything else (filters, calls,
statements, attribute tricks) is refused before rendering, and rendering itself
happens in Jinja2's ImmutableSandboxedEnvironment with StrictUndefined.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

from jinja2 import StrictUndefined, TemplateError, TemplateSyntaxError, nodes
from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

VARIABLES = ("gemeente.naam", "afdeling", "partij.naam", "partij.afkorting")
"""Every variable a text may use, in the order the help text lists them."""

TEMPLATED_KEYS = frozenset(
    {"titel", "samenvatting", "inleiding", "tekst", "toelichting", "meetbaar", "voorwoord"}
)
"""Keys whose text may contain variables."""

MARKDOWN_KEYS = TEMPLATED_KEYS - {"titel"}
"""Keys whose text is Markdown; every other text (titles, names, sources) is plain text."""

_ENV = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
_ALLOWED_NODES = (nodes.Template, nodes.Output, nodes.TemplateData, nodes.Name, nodes.Getattr)
_EXAMPLES = ", ".join("{{ " + name + " }}" for name in VARIABLES)
_ROOTS = frozenset(name.split(".")[0] for name in VARIABLES)
_BRACES = re.compile(r"(?<![{%])(\{+)[ \t]*([A-Za-z_][\w.]*)[ \t]*(\}+)")


class TextError(Exception):
    """A variable in a text that cannot be rendered: Dutch message, hint, line within the text."""

    def __init__(self, message: str, hint: str, line: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.line = line


def render_text(text: str, context: Mapping[str, Any]) -> str:
    """Render the variables in `text`, or raise TextError with a Dutch explanation."""
    if "{" not in text:
        return text
    template = _parse(text)
    _check_nodes(template)
    try:
        return _ENV.from_string(template).render(context)
    except SecurityError as error:
        raise _internals() from error
    except TemplateError as error:
        name = _undefined_name(error)
        raise TextError(
            f"de variabele {{{{ {name} }}}} heeft hier geen waarde",
            "vul die waarde in (bijvoorbeeld afkorting in content/partij.yml) of haal de variabele weg",
        ) from error


def single_braces(text: str) -> TextError | None:
    """A variable with one brace on a side, like { gemeente.naam }: it would show as it is."""
    for match in _BRACES.finditer(text):
        left, name, right = match.groups()
        if name.split(".")[0] not in _ROOTS or min(len(left), len(right)) != 1:
            continue
        if name in VARIABLES:
            hint = f"schrijf twee accolades aan elke kant: {{{{ {name} }}}}"
        else:
            hint = f"schrijf twee accolades aan elke kant, met een van deze: {_EXAMPLES}"
        return TextError(
            f"enkele accolades: {match.group(0)} komt zo letterlijk op de website",
            hint,
            text.count("\n", 0, match.start()) + 1,
        )
    return None


def sample_context() -> dict[str, Any]:
    """A context with every variable filled, for checking cards that serve all branches."""
    return {
        "gemeente": {"naam": "Voorbeeldstad"},
        "afdeling": "Afdeling Voorbeeldstad",
        "partij": {"naam": "Voorbeeldpartij", "afkorting": "VP"},
    }


def _parse(text: str) -> nodes.Template:
    try:
        return _ENV.parse(text)
    except TemplateSyntaxError as error:
        raise TextError(
            "een variabele is niet goed geschreven",
            "schrijf variabelen als {{ gemeente.naam }}, met twee accolades aan elke kant",
            error.lineno,
        ) from error


def _check_nodes(template: nodes.Template) -> None:
    for named in template.find_all((nodes.Getattr, nodes.Getitem, nodes.Const)):
        if _private_name(named).startswith("_"):
            raise _internals(named.lineno)
    for node in template.find_all(nodes.Node):
        if not isinstance(node, _ALLOWED_NODES):
            raise TextError(
                "in deze tekst staat meer dan een gewone variabele tussen {{ }} of {% %}",
                f"gebruik alleen {_EXAMPLES}",
                node.lineno or 1,
            )
    for output in template.find_all(nodes.Output):
        for part in output.nodes:
            if isinstance(part, nodes.TemplateData):
                continue
            name = ".".join(_dotted(part))
            if name not in VARIABLES:
                raise TextError(
                    f"onbekende variabele {{{{ {name} }}}}",
                    f"gebruik een van deze: {_EXAMPLES}",
                    part.lineno or 1,
                )


def _private_name(node: nodes.Node) -> str:
    """The attribute or key a node names, so that `x._y`, `x['_y']` and `'_y'` are caught."""
    if isinstance(node, nodes.Getattr):
        return str(node.attr)
    holder: nodes.Node = node.arg if isinstance(node, nodes.Getitem) else node
    value = getattr(holder, "value", None)
    return value if isinstance(value, str) else ""


def _dotted(node: nodes.Node) -> Iterator[str]:
    if isinstance(node, nodes.Getattr):
        yield from _dotted(node.node)
        yield node.attr
    elif isinstance(node, nodes.Name):
        yield node.name


def _internals(line: int | None = 1) -> TextError:
    return TextError(
        "deze tekst probeert de binnenkant van het programma te bereiken; dat mag niet",
        f"gebruik alleen {_EXAMPLES}",
        line or 1,
    )


def _undefined_name(error: TemplateError) -> str:
    message = str(error.message or "")
    for name in VARIABLES:
        if repr(name.rsplit(".", 1)[-1]) in message:
            return name
    return message
