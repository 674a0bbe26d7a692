"""Fork-proof settings: no placeholder hosts, repository URLs from _config.yml, old page
addresses kept by redirect pages."""

from __future__ import annotations

import re
import types
from pathlib import Path

import pytest
import yaml

from psoas_course.site import launch, redirects

ROOT = Path(__file__).resolve().parents[1]
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
FORK = {
    "repository": {"url": "https://github.com/a-teacher/hip-course", "branch": "spring"},
    "launch_buttons": {"notebook_interface": "jupyterlab"},
}


def strings(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from strings(value)
    elif isinstance(node, str):
        yield node


def test_config_ships_no_placeholder_hosts():
    urls = [u for s in strings(CONFIG) for u in re.findall(r"https?://[^\s\"'<>]+", s)]
    placeholders = [u for u in urls if launch.is_placeholder(u)]
    assert not placeholders, f"_config.yml: placeholder addresses shipped: {placeholders}"


@pytest.mark.parametrize(
    "hub, button",
    [
        ("https://jupyterhub.example.org", False),
        ("https://hub.example", False),
        ("", False),
        ("https://hub.uni-somewhere.edu", True),
    ],
)
def test_jupyterhub_link_only_for_a_real_hub(hub, button):
    config = {**FORK, "launch_buttons": {**FORK["launch_buttons"], "jupyterhub_url": hub}}
    links = launch.launch_links(config, "notebooks/01-meet-the-psoas.ipynb")
    assert ("JupyterHub" in links) is button
    table = launch.hub_table(ROOT, config)
    assert ("/hub/user-redirect/git-pull" in table) is button
    if not button:
        assert "no class hub yet" in table


def test_theme_gets_no_jupyterhub_button_for_a_placeholder():
    options = {"launch_buttons": {"jupyterhub_url": "https://jupyterhub.example.org"}}
    launch._drop_placeholder_hub(None, types.SimpleNamespace(html_theme_options=options))
    assert options["launch_buttons"]["jupyterhub_url"] == ""
    real = {"launch_buttons": {"jupyterhub_url": "https://hub.uni-somewhere.edu"}}
    launch._drop_placeholder_hub(None, types.SimpleNamespace(html_theme_options=real))
    assert real["launch_buttons"]["jupyterhub_url"] == "https://hub.uni-somewhere.edu"


def test_pages_take_repository_urls_from_the_config():
    own = CONFIG["repository"]["url"].strip("/")
    pages = sorted((ROOT / "book").glob("*.md"))
    hard_coded = [p.name for p in pages if own in p.read_text(encoding="utf-8")]
    assert not hard_coded, f"write {{{{ repository_url }}}} instead of {own} in {hard_coded}"
    welcome = (ROOT / "book" / "welcome.md").read_text(encoding="utf-8")
    filled = launch.fill_substitutions(welcome, launch.substitutions(FORK))
    assert "git clone https://github.com/a-teacher/hip-course\ncd hip-course\n" in filled
    assert "{{" not in filled


def test_every_substitution_a_page_uses_is_filled():
    known = set(launch.substitutions(CONFIG))
    for page in sorted((ROOT / "book").glob("*.md")):
        used = set(re.findall(r"\{\{\s*(repository_\w+)\s*\}\}", page.read_text("utf-8")))
        assert used <= known, f"{page.name}: unknown substitution(s) {used - known}"


# -- redirects -------------------------------------------------------------------------------
DOCS = {"book/welcome", "notebooks/10-review", "notebooks/01-meet-the-psoas"}


def test_redirect_page_sends_readers_to_the_new_page():
    pages = redirects.redirect_pages({"notebooks/08-review.html": "notebooks/10-review"}, DOCS)
    html = pages["notebooks/08-review.html"]
    assert 'http-equiv="Refresh" content="0; url=10-review.html"' in html
    assert '<a href="10-review.html">' in html and "location.hash" in html
    across = redirects.redirect_pages({"old/lesson-two": "book/welcome.md"}, DOCS)
    assert 'url=../book/welcome.html"' in across["old/lesson-two.html"]


@pytest.mark.parametrize(
    "mapping, message",
    [
        ({"notebooks/08-review": "notebooks/99-gone"}, "is not a page of the book"),
        ({"notebooks/01-meet-the-psoas": "notebooks/10-review"}, "still exists"),
        (["notebooks/08-review"], "must map old page"),
    ],
)
def test_a_redirect_that_cannot_work_names_the_entry(mapping, message):
    with pytest.raises(Exception, match=message):
        redirects.redirect_pages(mapping, DOCS)


@pytest.mark.slow
def test_sphinx_build_writes_redirect_pages(tmp_path):
    from sphinx.application import Sphinx

    src = tmp_path / "src"
    (src / "notebooks").mkdir(parents=True)
    (src / "index.md").write_text("# Home\n\n```{toctree}\nnotebooks/10-review\n```\n")
    (src / "notebooks" / "10-review.md").write_text("# Review\n\n## Part two\n")
    (src / "conf.py").write_text(
        "extensions = ['myst_parser', 'psoas_course.site.redirects']\n"
        "redirects = {'notebooks/08-review': 'notebooks/10-review'}\n"
    )
    out = tmp_path / "html"
    app = Sphinx(src, src, out, tmp_path / "doctrees", "html", status=None, warning=None)
    app.build()
    page = out / "notebooks" / "08-review.html"
    assert page.is_file()
    target = re.search(r'url=([^"]+)"', page.read_text()).group(1)
    assert (page.parent / target).resolve() == (out / "notebooks" / "10-review.html").resolve()
