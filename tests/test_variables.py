"""The sandbox for {{ variables }} in volunteer text: one escape attempt per test."""

from __future__ import annotations

import pytest

from bouwstenen.variables import TextError, render_text, sample_context


def test_plain_variables_render() -> None:
    text = "{{ afdeling }} in {{ gemeente.naam }} ({{ partij.afkorting }})"
    assert render_text(text, sample_context()) == "Afdeling Voorbeeldstad in Voorbeeldstad (VP)"


def test_text_without_braces_is_returned_as_is() -> None:
    assert render_text("Gewoon {tekst}", sample_context()) == "Gewoon {tekst}"


@pytest.mark.parametrize(
    "attack",
    [
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ gemeente.__class__ }}",
        "{{ gemeente['__class__'] }}",
        "{{ cycler.__init__.__globals__.os.popen('id').read() }}",
        "{{ self._TemplateReference__context }}",
    ],
)
def test_reaching_for_python_internals_is_refused(attack: str) -> None:
    with pytest.raises(TextError, match="binnenkant van het programma"):
        render_text(attack, sample_context())


@pytest.mark.parametrize(
    "attack",
    [
        "{% for i in range(999999999) %}x{% endfor %}",
        "{{ gemeente.naam * 99999999 }}",
        "{{ gemeente.naam|upper }}",
        "{% include '/etc/passwd' %}",
        "{{ lipsum() }}",
    ],
)
def test_anything_but_a_variable_is_refused(attack: str) -> None:
    with pytest.raises(TextError):
        render_text(attack, sample_context())


def test_unknown_variable_names_the_allowed_ones() -> None:
    with pytest.raises(TextError) as caught:
        render_text("Hallo\n{{ gemeente.inwoners }}", sample_context())
    assert caught.value.message == "onbekende variabele {{ gemeente.inwoners }}"
    assert "{{ gemeente.naam }}" in caught.value.hint
    assert caught.value.line == 2


def test_missing_value_is_explained() -> None:
    with pytest.raises(TextError, match="heeft hier geen waarde"):
        render_text("{{ partij.afkorting }}", {"partij": {"naam": "P"}})
