import pytest
from sqlalchemy import func, select

from corpus.storage.models import TemplateVersionRow
from corpus.storage.store import Store
from drafting import templates
from drafting.compose import compose
from drafting.sandbox import TemplateProblem

SHORT = "# {{ title }}\n{% for p in plans %}\n- {{ p.label }}\n{% endfor %}\n"


def stored_versions(store: Store) -> int:
    with store.session() as s:
        return s.scalar(select(func.count()).select_from(TemplateVersionRow)) or 0


def test_round_trip_set_history_diff_revert(loaded_store: Store) -> None:
    builtin = templates.source(loaded_store, "default")
    saved, checked = templates.save(loaded_store, "default", SHORT, "cli:tester", "精简")
    assert saved.version == 1 and checked.tried_with
    history = templates.history(loaded_store, "default")
    assert [(e.version, e.author, e.message) for e in history] == [
        (0, "内置", "内置版本"),
        (1, "cli:tester", "精简"),
    ]
    assert "-> 起草说明" in templates.diff(loaded_store, "default", 0, 1).replace("\n-\n", "\n")
    assert compose(loaded_store, "辛口镇", 2023).markdown.count("\n") < 10  # the short version
    templates.revert(loaded_store, "default", 0, "telegram:42")
    assert templates.source(loaded_store, "default") == builtin
    assert "上年度安排落实情况" in compose(loaded_store, "辛口镇", 2023).markdown
    assert templates.history(loaded_store, "default")[-1].author == "telegram:42"
    templates.revert(loaded_store, "default", 1, "cli:tester")
    assert templates.source(loaded_store, "default") == SHORT
    templates.reset(loaded_store, "default", "cli:tester")
    assert templates.source(loaded_store, "default") == builtin
    assert [e.version for e in templates.history(loaded_store, "default")] == [0, 1, 2, 3, 4]


def test_the_builtin_file_is_never_written(loaded_store: Store) -> None:
    before = templates.builtin("default")
    templates.save(loaded_store, "default", SHORT, "cli:tester")
    assert templates.builtin("default") == before


@pytest.mark.parametrize(
    "payload",
    [
        "{{ ''.__class__.__mro__ }}",
        "{{ cycler.__init__.__globals__ }}",
        "{% for i in range(10**9) %}{{ i }}{% endfor %}",
        "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
        "第一行\n第二行\n{% for x in plans %}\n{{ x }\n",
        "{{ titel }}",
    ],
)
def test_bad_templates_are_never_stored(loaded_store: Store, payload: str) -> None:
    with pytest.raises(TemplateProblem) as err:
        templates.save(loaded_store, "evil", payload, "cli:tester")
    assert "模板有误" in str(err.value)
    assert stored_versions(loaded_store) == 0


def test_syntax_error_and_unknown_variable_messages(loaded_store: Store) -> None:
    with pytest.raises(TemplateProblem) as err:
        templates.save(loaded_store, "x", "一\n二\n{{ title }\n", "cli:t")
    assert err.value.line == 3 and "第 3 行" in str(err.value)
    with pytest.raises(TemplateProblem) as err:
        templates.validate(loaded_store, "# {{ titel }}\n")
    assert "titel" in str(err.value) and "title" in str(err.value)


def test_unknown_names_and_versions(loaded_store: Store) -> None:
    with pytest.raises(templates.UnknownTemplateError):
        templates.history(loaded_store, "nope")
    with pytest.raises(templates.TemplateVersionError) as err:
        templates.source(loaded_store, "default", 7)
    assert "已有版本：0" in str(err.value)
    with pytest.raises(templates.TemplateVersionError):
        templates.reset(loaded_store, "custom-only", "cli:t")
    with pytest.raises(templates.TemplateVersionError):
        templates.save(loaded_store, "../etc/passwd", SHORT, "cli:t")
