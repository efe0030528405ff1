"""The README's Quick start is exactly two commands (CI runs the second), and every command documents itself."""
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def quick_start() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Quick start", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "Quick start has no ```sh block"
    return block.group(1).strip("\n").split("\n")


def test_quick_start_is_two_complete_commands():
    lines = quick_start()
    assert len(lines) == 2
    assert "newsfacts extract corpus/" in lines[0] and "newsfacts.db" in lines[0]
    assert "pytest" in lines[1] and ".[test]" in lines[1]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "sed -n 2p" in ci and "Quick start" in ci


def test_every_command_has_help_with_an_example():
    exe = Path(sys.executable).parent / "newsfacts"
    top = subprocess.run([str(exe), "--help"], capture_output=True, text=True, check=True).stdout
    names = re.findall(r"^  (\w+)", top.split("Commands:")[1], re.M)
    assert "extract" in names and "eval" in names
    for name in names:
        out = subprocess.run([str(exe), name, "--help"], capture_output=True, text=True)
        assert out.returncode == 0, (name, out.stderr)
        assert "Example:" in out.stdout, f"`newsfacts {name} --help` has no Example:"


def test_relative_links_in_the_docs_point_to_files():
    pages = [ROOT / "README.md", ROOT / "DEVELOPERS.md", *sorted((ROOT / "docs").glob("*.md"))]
    broken = []
    for page in pages:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
            if "://" not in target and not (page.parent / target).exists():
                broken.append(f"{page.relative_to(ROOT)} -> {target}")
    assert not broken, broken
