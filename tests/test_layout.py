"""The README's Layout section against the package, so that they cannot drift:
every module listed (and nothing that is gone), the flow's folders real, in
order, and importing only what comes before them."""

from __future__ import annotations

import ast
import re

from tests.paths import ROOT

PACKAGE = ROOT / "summarizer"


def layout() -> tuple[str, str]:
    """The Layout section's diagram and its tree, as written."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Layout\n", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```\n(.*?)```", section, re.S)
    return blocks[0], blocks[1]


def flow() -> list[str]:
    """The folders the diagram's first line names, in its order."""
    return re.findall(r"\b(\w+)/", layout()[0].splitlines()[0])


def listed() -> dict[str, str]:
    """Each entry under ``summarizer/`` in the tree: its path, and what it says."""
    entries: dict[str, str] = {}
    folder = ""
    lines = layout()[1].split("summarizer/\n", 1)[1].splitlines()
    for line in lines:
        if not line.startswith("  "):
            break
        m = re.match(r"( +)(\S+?(?:/|\.py))(?:\s+(.*))?$", line)
        if m is None:
            continue  # a description's second line
        indent, name, says = len(m[1]), m[2], m[3] or ""
        if indent == 2:
            folder = name if name.endswith("/") else ""
            entries[name] = says
        elif indent == 4:
            entries[folder + name] = says
    return entries


def modules() -> set[str]:
    """The package's modules and subpackages, as the tree names them."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE)
        if rel.name in ("__init__.py", "__main__.py"):
            if rel.parent.parts:
                found.add(f"{rel.parent.as_posix()}/")
            continue
        found.add(rel.as_posix())
    return found


def test_the_tree_lists_every_module_and_no_other():
    entries = listed()
    assert set(entries) == modules(), (
        f"missing from the README: {sorted(modules() - set(entries))}; "
        f"listed but gone: {sorted(set(entries) - modules())}"
    )
    assert all(says for says in entries.values()), "every entry says what it does"


def test_the_flow_is_the_package_s_folders_each_saying_what_enters_and_leaves():
    assert flow() == ["read", "ask", "ground", "views"]
    for folder in [*flow(), "story"]:
        doc = ast.get_docstring(ast.parse((PACKAGE / folder / "__init__.py").read_text()))
        assert doc and "In:" in doc and "Out:" in doc, folder
    eval_line, story_line = re.findall(r"`([^`]*-->[^`]*)`", layout()[0] + _prose())
    for name in re.findall(r"(\w+\.py)", eval_line):
        assert (PACKAGE / "eval" / name).is_file(), name
    for name in re.findall(r"(\w+\.py)", story_line):
        assert (PACKAGE / "story" / name).is_file(), name


def _prose() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("\n## Layout\n", 1)[1].split("```", 3)[2]


def imported_folders(folder: str) -> set[str]:
    """The package's folders that ``folder``'s modules import from."""
    out = set()
    for path in (PACKAGE / folder).glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level == 2 and node.module:
                out.add(node.module.split(".")[0])
    return out


def test_each_folder_imports_only_what_comes_before_it_in_the_flow():
    order = flow()
    # the one exception: asking uses ground's checks to refuse an answer
    # (a question that names nothing, evidence not in the article) before it is kept
    allowed_ahead = {("ask", "ground")}
    for i, folder in enumerate(order):
        later = set(order[i + 1 :]) | {"eval", "cli"}
        if folder != "views":  # a Story is what views show, as a Brief is
            later.add("story")
        ahead = {(folder, f) for f in imported_folders(folder) & later} - allowed_ahead
        assert not ahead, f"{folder}/ imports a later step: {sorted(ahead)}"
