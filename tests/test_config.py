"""Configuration a fork has to get right: _config.yml keys, repository and launch links (in
theory and in the built pages), citation and licence files, CI workflows.

Jupyter Book 1 ignores keys it does not know without a word, so a typo such as
``launch_button:`` or a key in the wrong block silently does nothing.  ALLOWED below lists
every key this course uses or may use, with the block it belongs in.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
import yaml

from psoas_course.site import launch

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
ANY = "any value"
FREE = "free-form mapping"

# The Jupyter Book 1 keys that it actually reads (jupyter_book/config.py, yaml_to_sphinx),
# nested as in _config.yml.  ANY: a leaf; FREE: a mapping whose keys are not checked here.
ALLOWED = {
    "title": ANY,
    "author": ANY,
    "copyright": ANY,
    "logo": ANY,
    "project": ANY,
    "exclude_patterns": ANY,
    "only_build_toc_files": ANY,
    "bibtex_bibfiles": ANY,
    "execute": {
        k: ANY
        for k in (
            "execute_notebooks",
            "cache",
            "exclude_patterns",
            "timeout",
            "run_in_temp",
            "allow_errors",
            "stderr_output",
            "raise_on_error",
            "show_tb",
            "eval_regex",
        )
    },
    "parse": {k: ANY for k in ("myst_enable_extensions", "myst_url_schemes", "myst_substitutions")},
    "repository": {"url": ANY, "branch": ANY, "path_to_book": ANY},
    "html": {
        **{
            k: ANY
            for k in (
                "favicon",
                "baseurl",
                "use_edit_page_button",
                "use_repository_button",
                "use_issues_button",
                "use_multitoc_numbering",
                "extra_footer",
                "home_page_in_navbar",
                "announcement",
            )
        },
        "comments": {"hypothesis": ANY, "utterances": ANY},
        "analytics": {
            k: ANY
            for k in (
                "google_analytics_id",
                "plausible_analytics_domain",
                "plausible_analytics_url",
            )
        },
    },
    "latex": {"latex_engine": ANY, "use_jupyterbook_latex": ANY, "latex_documents": FREE},
    "launch_buttons": {
        k: ANY
        for k in (
            "notebook_interface",
            "binderhub_url",
            "jupyterhub_url",
            "colab_url",
            "deepnote_url",
            "thebe",
        )
    },
    "sphinx": {
        "extra_extensions": ANY,
        "local_extensions": FREE,
        "recursive_update": ANY,
        # Sphinx and its extensions ignore unknown names too: list each one we set, after
        # checking its spelling in the Sphinx, MyST-NB or extension documentation.
        "config": {
            k: ANY
            for k in (
                "language",
                "html_extra_path",
                "html_static_path",
                "html_css_files",
                "html_js_files",
                "html_context",
                "html_theme_options",
                "html_last_updated_fmt",
                "nb_mime_priority_overrides",
                "nb_ipywidgets_js",
                "nb_execution_show_tb",
                "html_favicon",
                "nb_execution_raise_on_error",
                "mathjax_path",
                "mathjax3_config",
                "bibtex_reference_style",
                "bibtex_default_style",
                "suppress_warnings",
                "myst_heading_anchors",
                "nitpick_ignore",
                "nitpick_ignore_regex",
                "exclude_patterns",
                "redirects",  # psoas_course.site.redirects
            )
        },
    },
}
HOST = re.compile(r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+(:\d+)?$")
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@([0-9a-f]{40}|v\d+\.\d+\.\d+)$")


def unknown_keys(data, allowed, path=""):
    """Key paths in ``data`` that ``allowed`` does not list."""
    if allowed in (ANY, FREE) or not isinstance(data, dict):
        return []
    found = []
    for key, value in data.items():
        where = f"{path}.{key}" if path else str(key)
        if key not in allowed:
            found.append(where)
        else:
            found += unknown_keys(value, allowed[key], where)
    return found


@pytest.fixture(scope="module")
def config():
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


def lessons():
    return launch.lesson_files(ROOT)


# -- _config.yml ----------------------------------------------------------------------------
def test_config_has_no_unknown_keys(config):
    unknown = unknown_keys(config, ALLOWED)
    assert not unknown, (
        "_config.yml: Jupyter Book ignores these keys without a warning: "
        f"{', '.join(unknown)}. Fix the spelling or the block, or if the key is real add it "
        "to ALLOWED in tests/test_config.py"
    )


def test_unknown_key_check_catches_typos_at_any_depth():
    sample = {
        "title": "x",
        "launch_button": {},
        "html": {"use_download_button": True, "comments": {"utterance": 1}},
        "sphinx": {"config": {"html_theme_option": {}, "html_context": {"any": 1}}},
    }
    assert unknown_keys(sample, ALLOWED) == [
        "launch_button",
        "html.use_download_button",
        "html.comments.utterance",
        "sphinx.config.html_theme_option",
    ]


def test_repository_url_and_branch(config):
    repository = config.get("repository") or {}
    url = repository.get("url", "")
    assert re.fullmatch(
        r"https://github\.com/[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+", url
    ) and not url.endswith(".git"), (
        f"_config.yml: repository.url must be https://github.com/<owner>/<repo>, got {url!r}"
    )
    branch = repository.get("branch")
    assert isinstance(branch, str) and branch.strip(), (
        "_config.yml: repository.branch is not set (sphinx-book-theme then links to 'master')"
    )


@pytest.mark.parametrize("key", ["binderhub_url", "colab_url", "jupyterhub_url"])
def test_launch_urls_are_well_formed(config, key):
    url = (config.get("launch_buttons") or {}).get(key)
    if not url:
        pytest.skip(f"launch_buttons.{key} is not set: no button")
    parsed = urlparse(url)
    assert (
        parsed.scheme == "https"
        and HOST.match(parsed.netloc)
        and "://" not in url[8:]
        and not re.search(r"\s", url)
        and not parsed.query
    ), (
        f"_config.yml: launch_buttons.{key} must be a plain https URL such as "
        f"https://hub.example.org, got {url!r}"
    )


def test_notebook_interface_is_one_the_theme_knows(config):
    interface = (config.get("launch_buttons") or {}).get("notebook_interface", "classic")
    assert interface in launch.INTERFACES, (
        f"_config.yml: launch_buttons.notebook_interface is {interface!r}; "
        f"use one of {', '.join(launch.INTERFACES)}"
    )


@pytest.mark.parametrize("path", lessons())
def test_launch_links_open_the_right_notebook_on_the_right_branch(config, path):
    assert (ROOT / path).is_file(), f"_toc.yml lists {path}, which does not exist"
    org, repo = launch.repo_parts(config["repository"]["url"])
    branch = config["repository"]["branch"]
    ui = launch.INTERFACES[config["launch_buttons"].get("notebook_interface", "classic")]
    links = launch.launch_links(config, path)
    for name, url in links.items():
        parsed = urlparse(url)
        assert parsed.scheme == "https" and HOST.match(parsed.netloc), f"{name}: {url}"
    if "Binder" in links:
        binder = urlparse(links["Binder"])
        assert binder.path == f"/v2/gh/{org}/{repo}/{branch}", links["Binder"]
        assert parse_qs(binder.query) == {"urlpath": [f"{ui}/{path}"]}, links["Binder"]
    if "Colab" in links:
        assert urlparse(links["Colab"]).path == f"/github/{org}/{repo}/blob/{branch}/{path}"
    if "JupyterHub" in links:
        hub = urlparse(links["JupyterHub"])
        assert hub.path.endswith("/hub/user-redirect/git-pull"), links["JupyterHub"]
        # nbgitpuller clones into a folder named after the repository, then opens urlpath
        assert parse_qs(hub.query) == {
            "repo": [config["repository"]["url"]],
            "branch": [branch],
            "urlpath": [f"{ui}/{repo}/{path}"],
        }, links["JupyterHub"]


def test_launch_table_goes_between_the_markers():
    table = launch.hub_table(ROOT)
    assert table.count("\n") == len(lessons()) + 1  # header, rule, one row per lesson
    text = f"Intro\n{launch.START}\nold table\n{launch.END}\nAfter\n"
    filled = launch.fill_table(text, table)
    assert filled.startswith("Intro\n") and filled.endswith("\nAfter\n")
    assert table in filled and "old table" not in filled
    assert launch.fill_table("no markers here", table) == "no markers here"
    guide = (ROOT / "book" / "instructor-guide.md").read_text(encoding="utf-8")
    assert launch.START in guide and launch.END in guide, (
        "book/instructor-guide.md: the launch-table markers are gone, so no table is built"
    )


# -- the built pages --------------------------------------------------------------------
def built_page(path: str) -> tuple[Path, str]:
    assert SITE.is_dir(), f"{SITE.relative_to(ROOT)} is missing: run make book first"
    page = SITE / Path(path).with_suffix(".html")
    assert page.is_file(), f"{page.relative_to(ROOT)} is missing: run make book first"
    return page, page.read_text(encoding="utf-8")


def links_with_class(text: str, css_class: str) -> list[str]:
    return [
        html.unescape(m.group(1))
        for m in re.finditer(rf'<a href="([^"]*)"[^>]*class="[^"]*\b{re.escape(css_class)}\b', text)
    ]


def title_of(path: Path) -> str:
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        match = re.search(r"^# (.+)$", "".join(cell["source"]), flags=re.M)
        if cell["cell_type"] == "markdown" and match:
            return match.group(1).strip()
    return ""


@pytest.mark.slow
@pytest.mark.parametrize("path", lessons())
def test_built_page_download_link_serves_this_notebook(path):
    page, text = built_page(path)
    hrefs = links_with_class(text, "btn-download-source-button")
    assert hrefs, f"{page.relative_to(ROOT)}: no 'download .ipynb' link"
    target = (page.parent / hrefs[0]).resolve()
    assert target.suffix == ".ipynb" and target.is_file(), (
        f"{page.relative_to(ROOT)}: the download link {hrefs[0]} points at a missing file"
    )
    assert target.name == Path(path).name and title_of(target) == title_of(ROOT / path), (
        f"{page.relative_to(ROOT)}: the download link serves {target.name}, not {path}"
    )


@pytest.mark.slow
@pytest.mark.parametrize("path", lessons())
def test_built_page_edit_and_launch_links(config, path):
    page, text = built_page(path)
    repository = config["repository"]
    prefix = (repository.get("path_to_book") or "").strip("/")
    edit = links_with_class(text, "btn-source-edit-button")
    expected = (
        f"{repository['url']}/edit/{repository['branch']}/{prefix + '/' if prefix else ''}{path}"
    )
    assert edit == [expected], f"{page.relative_to(ROOT)}: edit-this-page goes to {edit}"
    hrefs = {html.unescape(h) for h in re.findall(r'href="([^"]*)"', text)}
    for name, url in launch.launch_links(config, path).items():
        assert url in hrefs, f"{page.relative_to(ROOT)}: no {name} button linking to {url}"


@pytest.mark.slow
def test_built_instructor_guide_lists_a_hub_link_for_every_lesson(config):
    page, text = built_page("book/instructor-guide.md")
    hrefs = {html.unescape(h) for h in re.findall(r'href="([^"]*)"', text)}
    for path in lessons():
        url = launch.launch_links(config, path).get("JupyterHub")
        if url:
            assert url in hrefs, f"{page.relative_to(ROOT)}: no JupyterHub link for {path}"


# -- citation and licences ------------------------------------------------------------------
def test_citation_file():
    path = ROOT / "CITATION.cff"
    try:
        cff = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        pytest.fail(f"CITATION.cff: not valid YAML: {err}")
    missing = [
        k for k in ("cff-version", "title", "authors", "license", "message") if not cff.get(k)
    ]
    assert not missing, f"CITATION.cff: missing {', '.join(missing)}"
    assert re.fullmatch(r"1\.2\.\d+", str(cff["cff-version"])), "CITATION.cff: cff-version 1.2.0"
    assert all(
        isinstance(a, dict) and (a.get("name") or a.get("family-names")) for a in cff["authors"]
    ), "CITATION.cff: every author needs a name"
    licences = cff["license"] if isinstance(cff["license"], list) else [cff["license"]]
    assert set(licences) == {"MIT", "CC-BY-4.0"}, f"CITATION.cff: license is {licences}"
    url = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"]
    assert cff.get("repository-code") == url, (
        f"CITATION.cff: repository-code should be {url} (as in _config.yml)"
    )


def test_licences_are_stated():
    code = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert (
        code.startswith("MIT License") and "Permission is hereby granted, free of charge" in code
    ), "LICENSE: expected the MIT licence text for the code"
    content = (ROOT / "LICENSE-CONTENT.md").read_text(encoding="utf-8")
    assert "CC-BY-4.0" in content and "creativecommons.org/licenses/by/4.0" in content, (
        "LICENSE-CONTENT.md: state CC-BY-4.0 for prose and figures, with the licence link"
    )
    for source in ("Rajagopal", "Delp", "Arnold", "Blemker", "Modenese"):
        assert source in content, f"LICENSE-CONTENT.md: data provenance does not name {source}"


# -- CI workflows ---------------------------------------------------------------------------
def workflow(name: str) -> dict:
    path = ROOT / ".github" / "workflows" / name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict) and "jobs" in data, f".github/workflows/{name}: no jobs"
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as True
    return data


def steps(data: dict) -> list[dict]:
    return [s for job in data["jobs"].values() for s in job.get("steps", [])]


@pytest.mark.parametrize("name", ["test.yml", "deploy.yml"])
def test_workflow_pins_every_action_and_image(name):
    data = workflow(name)
    loose = [s["uses"] for s in steps(data) if "uses" in s and not PINNED.match(s["uses"])]
    assert not loose, (
        f".github/workflows/{name}: pin these to a full commit SHA or an exact "
        f"vX.Y.Z tag: {', '.join(loose)}"
    )
    for job_name, job in data["jobs"].items():
        image = job.get("container", {})
        image = image.get("image") if isinstance(image, dict) else image
        if image:
            assert re.fullmatch(
                r"[\w./-]+:\d+\.\d+\.\d+[\w.-]*|[\w./-]+@sha256:[0-9a-f]{64}", image
            ), (
                f".github/workflows/{name}: job {job_name}: pin the "
                f"container image to an exact version, got {image}"
            )


def test_pull_request_workflow_runs_make_test():
    data = workflow("test.yml")
    assert "pull_request" in data["on"], ".github/workflows/test.yml: not run on pull requests"
    runs = " ".join(s.get("run", "") for s in steps(data))
    assert re.search(r"\bmake test\b", runs), ".github/workflows/test.yml: never runs make test"


def test_main_workflow_builds_the_book_and_deploys_pages():
    data = workflow("deploy.yml")
    push = (data["on"] or {}).get("push") or {}
    assert "main" in push.get("branches", []), ".github/workflows/deploy.yml: not run on main"
    runs = " ".join(s.get("run", "") for s in steps(data))
    assert re.search(r"\bmake book\b", runs), ".github/workflows/deploy.yml: never runs make book"
    uses = [s.get("uses", "").split("@")[0] for s in steps(data)]
    assert "actions/upload-pages-artifact" in uses and "actions/deploy-pages" in uses, (
        ".github/workflows/deploy.yml: no GitHub Pages upload and deploy steps"
    )
    artifact = next(
        s for s in steps(data) if s.get("uses", "").startswith("actions/upload-pages-artifact")
    )
    assert artifact.get("with", {}).get("path") == "_build/html", (
        ".github/workflows/deploy.yml: upload _build/html, where make book puts the site"
    )
    permissions = data.get("permissions") or {}
    for job in data["jobs"].values():
        permissions = {**permissions, **(job.get("permissions") or {})}
    assert permissions.get("pages") == "write" and permissions.get("id-token") == "write", (
        ".github/workflows/deploy.yml: Pages deploys need permissions pages: write and "
        "id-token: write"
    )
