"""Project hygiene: dependencies declared once, notebooks committed clean, README commands true."""

from __future__ import annotations

import json
import re

try:
    import tomllib
except ModuleNotFoundError:  # Python 3.10: pytest itself depends on tomli there
    import tomli as tomllib

from helpers.checks import PACKAGES
from tests.conftest import ROOT


def _name(requirement: str) -> str:
    return re.split(r"[<>=!~\[ ;]", requirement.strip(), maxsplit=1)[0].lower()


def pyproject_dependencies() -> set[str]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {_name(r) for r in data["project"]["dependencies"]}


def environment_dependencies() -> set[str]:
    import yaml  # PyYAML comes with papermill and jupyter

    spec = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    return {_name(d) for d in spec["dependencies"] if isinstance(d, str) and _name(d) not in {"python", "pip"}}


def test_environment_yml_lists_the_same_packages_as_pyproject():
    assert environment_dependencies() == pyproject_dependencies()


def test_every_environment_line_says_why():
    lines = (ROOT / "environment.yml").read_text(encoding="utf-8").split("dependencies:")[1].splitlines()
    for line in lines:
        if re.match(r"^\s+-\s+[a-z]", line):
            assert "#" in line, f"environment.yml: say why this is needed: {line.strip()}"


def test_start_notebook_checks_every_dependency():
    assert set(PACKAGES) == pyproject_dependencies()


def test_lock_pins_every_dependency():
    lock = (ROOT / "requirements.lock").read_text(encoding="utf-8")
    pinned = {m.group(1).lower() for m in re.finditer(r"^([A-Za-z0-9_.\-]+)==", lock, re.MULTILINE)}
    assert pyproject_dependencies() <= pinned


def test_notebooks_are_committed_without_outputs():
    notebooks = sorted((ROOT / "notebooks").rglob("*.ipynb"))
    assert notebooks
    for path in notebooks:
        if ".ipynb_checkpoints" in path.parts:
            continue
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "code":
                assert not cell["outputs"] and cell["execution_count"] is None, f"{path.name} has outputs"


def test_every_numbered_notebook_has_a_parameters_cell():
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        tagged = [c for c in cells if "parameters" in c.get("metadata", {}).get("tags", [])]
        assert len(tagged) == 1 and "data_dir" in "".join(tagged[0]["source"]), path.name


def test_every_widget_cell_is_tagged_interactive():
    """The report leaves out cells tagged ``interactive``: a widget there would be blank."""
    from helpers.report import INTERACTIVE_TAG

    widgets = {
        name
        for module in (ROOT / "helpers" / "widgets").glob("*.py")
        for name in re.findall(r"^(?:def|class) ([A-Za-z]\w*)", module.read_text(encoding="utf-8"), re.M)
    }
    assert {"weight_explorer", "pilot_explorer", "overlap_explorer", "NeedsEditor"} <= widgets
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            source = "".join(cell["source"])
            if cell["cell_type"] == "code" and not source.lstrip().startswith(("import", "from")):
                called = set(re.findall(r"\b(\w+)\(", source)) & widgets
                tags = cell.get("metadata", {}).get("tags", [])
                assert not called or INTERACTIVE_TAG in tags, f"{path.name}: {sorted(called)} untagged"


def test_readme_links_and_commands_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for command in ("make report", "make test", "make lab"):
        assert command in readme
    for target in re.findall(r"\]\(([^)#]+)\)", readme):
        if not target.startswith("http"):
            assert (ROOT / target).exists(), f"README links to a missing file: {target}"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in re.findall(r"`make ([a-z-]+)", readme):
        assert re.search(rf"^{target}:", makefile, re.MULTILINE), f"README mentions make {target}, Makefile lacks it"


def test_text_about_the_worked_example_is_tagged():
    """A cell naming a vendor or site of the worked example tells its story: it must carry the
    tag ``worked-example``, so a report built from other data leaves it out."""
    import pandas as pd

    from helpers.report import WORKED_EXAMPLE, WORKED_EXAMPLE_TAG

    names = set(pd.read_csv(WORKED_EXAMPLE / "vendors.csv")["vendor"]) | set(
        pd.read_csv(WORKED_EXAMPLE / "sites.csv")["site"]
    )
    words = {name.split()[0] for name in names} | names  # "Lisbon" as well as "Lisbon CX Partners"
    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            named = {w for w in words if re.search(rf"\b{re.escape(w)}\b", "".join(cell["source"]))}
            tags = cell.get("metadata", {}).get("tags", [])
            assert not named or WORKED_EXAMPLE_TAG in tags, f"{path.name}: {sorted(named)} in an untagged cell"


def test_the_report_keeps_worked_example_text_only_for_the_worked_example(tmp_path):
    import nbformat

    from helpers.report import WORKED_EXAMPLE, WORKED_EXAMPLE_TAG, cells_for_report

    def notebook():
        story = nbformat.v4.new_markdown_cell("In the worked example …")
        story.metadata["tags"] = [WORKED_EXAMPLE_TAG]
        return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("For any project."), story])

    assert len(cells_for_report(notebook(), WORKED_EXAMPLE).cells) == 2
    assert [c.source for c in cells_for_report(notebook(), tmp_path).cells] == ["For any project."]


def test_the_report_leaves_out_text_about_a_table_the_project_lacks(sample_copy):
    """A cell tagged needs-<table> describes that table's chart or result: kept while the
    project has rows in the table, left out when it has none."""
    import nbformat

    from helpers.report import NEEDS_TAG, cells_for_report

    def notebook():
        about = nbformat.v4.new_markdown_cell("Each dot is one client working day.")
        about.metadata["tags"] = [NEEDS_TAG + "sites"]
        return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("## 3. The whole period"), about])

    assert len(cells_for_report(notebook(), sample_copy).cells) == 2
    (sample_copy / "sites.csv").unlink()
    assert [c.source for c in cells_for_report(notebook(), sample_copy).cells] == ["## 3. The whole period"]


def test_needs_tags_name_tables():
    from helpers.report import NEEDS_TAG
    from helpers.schema import TABLES

    for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            for tag in cell.get("metadata", {}).get("tags", []):
                assert not tag.startswith(NEEDS_TAG) or tag[len(NEEDS_TAG) :] in TABLES, f"{path.name}: tag {tag}"
