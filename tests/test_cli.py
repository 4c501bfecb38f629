from __future__ import annotations

import pytest

from hgr_kg.cli import build_parser, main


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


@pytest.mark.parametrize("name", ["build", "validate", "info", "demo", "query", "sparql", "publish"])
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
