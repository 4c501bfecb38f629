from __future__ import annotations

from pathlib import Path

import pytest

from hgr_kg.cli import build_parser, main
from hgr_kg.paths import Project


def _subcommands():
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    return action.choices


def test_every_command_has_help_text() -> None:
    commands = _subcommands()
    assert {"build", "validate", "info", "demo", "query", "sparql", "publish"} <= set(commands)
    parser = build_parser()
    action = next(a for a in parser._actions if a.dest == "command")
    helps = {choice.dest: choice.help for choice in action._choices_actions}
    for name, sub in commands.items():
        assert helps.get(name), f"{name} has no summary"
        assert sub.description, f"{name} has no description"
    query = commands["query"]
    action = next(a for a in query._actions if a.dest == "query_command")
    for choice in action._choices_actions:
        assert choice.help, f"query {choice.dest} has no summary"
        assert action.choices[choice.dest].description


def test_top_level_help_describes_the_tool_in_whole_sentences(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "legal knowledge graph of China's regulation of human genetic resources" in out
    assert "export it. " in out + " " and "(or " not in out.split("positional arguments")[0]
    assert "130 interrupted." in out


def test_every_command_is_declared_beside_the_function_it_runs() -> None:
    import inspect

    for name, sub in _subcommands().items():
        nested = [a.choices for a in sub._actions if isinstance(getattr(a, "choices", None), dict)]
        funcs = [sub.get_default("func")] + [p.get_default("func") for c in nested for p in c.values()]
        for func in filter(None, funcs):
            assert inspect.getmodule(func).__name__.startswith("hgr_kg.cli."), name
            assert len(inspect.getsource(func).splitlines()) <= 60, func.__name__


@pytest.mark.parametrize("name", sorted(_subcommands()))
def test_help_exits_zero(name: str, capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main([name, "--help"])
    assert done.value.code == 0
    assert "usage: hgr-kg " + name in capsys.readouterr().out


def test_unknown_command_is_a_one_line_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as done:
        main(["frobnicate"])
    assert done.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "invalid choice: 'frobnicate'" in err[0]


def test_missing_project_is_reported(tmp_path, capsys) -> None:
    assert main(["--root", str(tmp_path), "info"]) == 2
    assert "no hgr-kg project" in capsys.readouterr().err


README_BEGIN = "<!-- queries: begin (python scripts/readme_queries.py writes this list) -->"
README_END = "<!-- queries: end -->"


def test_the_readmes_query_list_is_the_generated_one(
    project: Project, whole_project: Project, capsys
) -> None:
    """The README lists every canned query, as `hgr-kg query list` prints them (issue 22, 6)."""
    from hgr_kg.query.canned import list_queries, query_list_text

    readme = (whole_project.root / "README.md").read_text(encoding="utf-8")
    assert readme.count(README_BEGIN) == 1 and readme.count(README_END) == 1
    block = readme.split(README_BEGIN, 1)[1].split(README_END, 1)[0]
    assert block == "\n```\n" + query_list_text(project.queries) + "```\n"
    names = [line.split()[0] for line in query_list_text(project.queries).splitlines()]
    assert names == [q.name for q in list_queries(project.queries)] and len(names) == len(
        list(project.queries.glob("*.rq"))
    )
    assert main(["--root", str(project.root), "query", "list"]) == 0
    assert capsys.readouterr().out == query_list_text(project.queries)


def test_the_readme_script_writes_the_list(whole_project: Project, tmp_path: Path) -> None:
    import shutil
    import subprocess
    import sys

    shutil.copytree(whole_project.queries, tmp_path / "queries")
    text = (whole_project.root / "README.md").read_text(encoding="utf-8")
    start, end = text.index(README_BEGIN) + len(README_BEGIN), text.index(README_END)
    readme = tmp_path / "README.md"
    readme.write_text(text[:start] + "\nstale\n" + text[end:], encoding="utf-8")
    script = whole_project.root / "scripts" / "readme_queries.py"
    done = subprocess.run([sys.executable, str(script), "--root", str(tmp_path)],
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert readme.read_text(encoding="utf-8") == text
