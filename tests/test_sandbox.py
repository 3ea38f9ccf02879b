import time

import pytest

from bot import terminal
from drafting.sandbox import TemplateProblem, check_syntax, render


def test_renders_plain_templates() -> None:
    assert render("{{ town }}{{ year }}年", {"town": "辛口镇", "year": 2023}) == "辛口镇2023年"
    out = render("{% for p in plans %}{{ loop.index }}{{ p }}{% endfor %}", {"plans": ["甲", "乙"]})
    assert out == "1甲2乙"
    assert render("{{ plans|length }}{{ plans[0] }}", {"plans": ["甲"]}) == "1甲"


def test_syntax_error_names_the_line() -> None:
    with pytest.raises(TemplateProblem) as err:
        check_syntax("第一行\n{% for x in plans %}\n{{ x }}\n")
    assert err.value.line is not None and "第" in terminal.error(err.value)
    assert "endfor" in terminal.error(err.value)
    with pytest.raises(TemplateProblem) as err:
        check_syntax("一\n二\n{{ town }\n")
    assert err.value.line == 3


@pytest.mark.parametrize(
    "payload",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "{{ lipsum.__globals__['os'].system('id') }}",
        "{{ town.__class__ }}",
    ],
)
def test_internals_are_refused(payload: str) -> None:
    with pytest.raises(TemplateProblem) as err:
        render(payload, {"town": "辛口镇"})
    assert "模板有误" in terminal.error(err.value)


@pytest.mark.parametrize(
    "payload",
    [
        "{% for i in range(10**9) %}x{% endfor %}",
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "{{ 'a' * 10**9 }}",
        "{% for i in range(1000000) %}{{ '很长的一段文字' * 10 }}{% endfor %}",
        "{{ 9 ** 99999999 }}",
    ],
)
def test_runaway_templates_stop_quickly(payload: str) -> None:
    start = time.perf_counter()
    with pytest.raises(TemplateProblem):
        render(payload, {})
    assert time.perf_counter() - start < 10


def test_raising_template_gives_a_clear_error() -> None:
    with pytest.raises(TemplateProblem) as err:
        render("第一行\n{{ 1 / 0 }}\n", {})
    assert "ZeroDivisionError" in terminal.error(err.value) and err.value.line == 2
    with pytest.raises(TemplateProblem) as err:
        render("{{ missing_variable }}", {})
    assert "missing_variable" in terminal.error(err.value)
