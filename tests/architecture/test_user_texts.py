"""No user-facing English outside the message catalogue (issue 23): what mentorwatch says to a
person is a message of ``src/mentorwatch/i18n/`` (``docs/i18n.md``), rendered in the reader's
language.

One function per area finds the texts a person would read that do not come from the catalogue:
:func:`web_template_texts` (the web app's templates: text and the attributes people read),
:func:`web_code_texts` (string literals the web app's code shows: ``abort()`` descriptions,
``render_template(..., error=...)``, a form's errors), an AST walk of the planner's and the
wiki texts' modules (a string literal that reads as prose, two words of letters, is refused,
except docstrings and each area's short, explained allow-list), :func:`cli_texts` (the
command line's code: the same, but for click's declarations), and the same walk over the whole
domain (its modules holding no text for people, or not converted yet, listed with the reason);
every message key the code names exists. Each check has a test planting the drift it is there
to catch.
"""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterable
from html.parser import HTMLParser
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "mentorwatch"
TEMPLATES = PACKAGE / "web" / "templates"

#: what Jinja adds to a template: statements, expressions, comments
JINJA = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}", re.DOTALL)
#: attributes whose values people read (or hear, from a screen reader)
READ_ATTRIBUTES = frozenset({"title", "placeholder", "aria-label", "alt", "label"})
#: words that are no language's: the tool's name
NAMES = frozenset({"mentorwatch"})
#: a word of a language, as opposed to symbols, numbers and punctuation
WORD = re.compile(r"[^\W\d_]{2,}")


def _words(text: str) -> list[str]:
    return [word for word in WORD.findall(text) if word not in NAMES]


class _Texts(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._skip = 0  # inside <script> or <style>

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value and _words(value):
                self.found.append(f'{tag} {name}="{value.strip()}"')

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data: str) -> None:
        if not self._skip and _words(data):
            self.found.append(data.strip())


def template_texts(source: str) -> list[str]:
    """The texts a reader of the rendered template would read that no ``msg()`` made: Jinja
    is taken out (a ``msg()`` call, any expression), and what remains must hold no word; a
    string literal passed to a macro that shows it counts too."""
    literals = [
        text
        for text in re.findall(r"\{\{[^}]*?\(\s*'[a-z_]+'\s*,\s*'([^']*)'", source)
        if " " in text and _words(text)  # prose, not a field's name
    ]
    parser = _Texts()
    parser.feed(JINJA.sub(" ", source))
    return [*parser.found, *(f"'{text}'" for text in literals)]


def web_template_texts() -> dict[str, list[str]]:
    found = {path.name: template_texts(path.read_text()) for path in TEMPLATES.glob("*.html")}
    return {name: texts for name, texts in found.items() if texts}


#: calls whose string arguments are shown to a person, and the arguments that are shown
SHOWN_ARGUMENTS = {"abort": "description", "render_template": "error"}


def _is_text(node: ast.AST) -> bool:
    """A literal with words in it (a plain string or an f-string)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(_words(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(_is_text(part) for part in node.values)
    return False


def code_texts(source: str, name: str = "<source>") -> list[str]:
    """String literals shown to a person in web code: an ``abort()`` description, a template's
    ``error=``, a form error (``{"form": ...}``, ``errors[...] = ...``)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        where = f"{name}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.Call):
            func = node.func
            called = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if called == "abort" and any(_is_text(arg) for arg in node.args[1:]):
                found.append(f"{where}: abort() with English")
            shown = SHOWN_ARGUMENTS.get(called)
            if any(kw.arg == shown and _is_text(kw.value) for kw in node.keywords):
                found.append(f"{where}: {called}({shown}=...) with English")
        if isinstance(node, ast.Dict):
            for key, value in zip(node.keys, node.values, strict=True):
                if isinstance(key, ast.Constant) and key.value == "form" and _is_text(value):
                    found.append(f"{where}: a form error in English")
        if isinstance(node, ast.Assign) and _is_text(node.value):
            for target in node.targets:
                if isinstance(target, ast.Subscript) and "error" in ast.unparse(target.value):
                    found.append(f"{where}: an error in English")
    return sorted(found, key=lambda finding: int(finding.split(": ")[0].rsplit(":", 1)[1]))


def web_code_texts() -> list[str]:
    return [
        finding
        for path in sorted((PACKAGE / "web").rglob("*.py"))
        for finding in code_texts(path.read_text(), str(path.relative_to(PACKAGE)))
    ]


def test_the_web_templates_say_nothing_outside_the_catalogue() -> None:
    assert web_template_texts() == {}


def test_the_template_check_finds_english_text_and_attributes() -> None:
    planted = (
        "<h1>{{ msg('mentorwatch-web-dashboard-title') }}</h1><p>Saved to the wiki.</p>"
        '<input placeholder="Your name"><a title="{{ msg(\'x\') }}">·</a>'
        "{{ yesno('autoaway', 'Mark inactive mentors as Away?', errors, values) }}"
    )
    assert template_texts(planted) == [
        "Saved to the wiki.",
        'input placeholder="Your name"',
        "'Mark inactive mentors as Away?'",
    ]
    assert template_texts("<b>mentorwatch</b> · {{ msg('a', n=1) }} (5) ▲") == []


def test_the_web_code_shows_no_english_outside_the_catalogue() -> None:
    assert web_code_texts() == []


def test_the_code_check_finds_english_passed_to_abort_and_templates() -> None:
    planted = """
abort(404, "There is no such run.")
abort(404, f"There is no run #{run_id}.")
render_template("signin.html", error=f"The wiki refused: {info}")
context["errors"] = {"form": "Your entry changed meanwhile."}
errors[name] = "Choose Yes or No."
abort(404)
abort(403, text("mentorwatch-web-admins-only"))
render_template("signin.html", error=Message.of("mentorwatch-web-signin-refused", error=info))
"""
    assert [finding.split(": ", 1)[0] for finding in code_texts(planted)] == [
        "<source>:2",
        "<source>:3",
        "<source>:4",
        "<source>:5",
        "<source>:6",
    ]


ENGLISH = json.loads((PACKAGE / "i18n" / "en.json").read_text(encoding="utf-8"))
#: two words of letters: prose, not an identifier, a key or a format
PROSE = re.compile(r"[A-Za-z]{2,}[ ,;:.]+[A-Za-z]{2,}")
#: a catalogue key (or the start of one, in an f-string)
KEY = re.compile(r"^mentorwatch-[a-z0-9-]*$")
#: names of that shape that are not messages: formats' identifiers in documents
NOT_MESSAGES = frozenset({"mentorwatch-snapshot", "mentorwatch-lease"})


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        kinds = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
        if isinstance(node, kinds) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


def _strings(path: Path) -> Iterable[tuple[int, str]]:
    """Every string literal of ``path`` but its docstrings (f-strings' literal parts too)."""
    return _literals(path.read_text(encoding="utf-8"))


def _literals(source: str) -> Iterable[tuple[int, str]]:
    tree = ast.parse(source)
    docstrings = _docstrings(tree)
    for node in ast.walk(tree):
        is_string = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_string and id(node) not in docstrings:
            yield node.lineno, node.value


def prose_in(source: str, allowed: frozenset[str] = frozenset()) -> list[tuple[int, str]]:
    """The string literals of ``source`` that read as prose (docstrings and ``allowed`` aside)."""
    return [
        (line, text)
        for line, text in _literals(source)
        if PROSE.search(text) and text not in allowed
    ]


def _prose(modules: Iterable[str], allowed: frozenset[str] = frozenset()) -> list[str]:
    return [
        f"{module}:{line}: {text!r}"
        for module in modules
        for line, text in prose_in((PACKAGE / module).read_text(encoding="utf-8"), allowed)
    ]


def test_the_planners_reasons_notes_and_problems_are_messages() -> None:
    modules = (
        "domain/rules.py",
        "domain/planner.py",
        "domain/facts.py",
        # the community rules (issue 24): their rules, reasons, evidence and drafts
        "domain/evidence_rules.py",
        "domain/rule_reasons.py",
        "domain/rule_evidence.py",
        "domain/rule_draft.py",
    )
    assert _prose(modules) == []


def test_the_texts_written_on_the_wiki_are_messages() -> None:
    allowed = frozenset(
        {
            # the heading where the community's own heading leaves nothing once flattened to
            # one line (section_title's last resort; the default heading is the catalogue's)
            "Your place on the mentor list",
            # the operator's settings file refused ([summaries] with a misspelt key): for the
            # operator, in the command line's error, like every settings error
            "unknown summary keys ",
        }
    )
    modules = ("domain/wiki_texts.py", "language/wiki_words.py", "language/render.py")
    assert _prose(modules, allowed) == []


def test_every_message_key_the_code_names_is_in_the_catalogue() -> None:
    named = {
        (f"{path.relative_to(PACKAGE)}:{line}", text)
        for path in PACKAGE.rglob("*.py")
        for line, text in _strings(path)
        if KEY.match(text) and text not in NOT_MESSAGES
    }
    assert named, "the code names no message key: the check would prove nothing"
    missing = [
        f"{where}: {text}"
        for where, text in sorted(named)
        if text not in ENGLISH and not any(key.startswith(text) for key in ENGLISH)
    ]
    assert missing == []


#: command-line literals that read as prose but are no text of ours for a person, each with
#: its reason (none today: the identifiers the command line prints, "run #", "rev", are single
#: words the check lets through; a literal belongs here only with the reason it is not prose)
CLI_ALLOWED: frozenset[str] = frozenset()


def _declarations(tree: ast.AST) -> set[int]:
    """click's declarations: a command's decorators and every ``help=`` text. ``--help`` is
    click's, read when the module is imported, before the operator's language is known: it
    stays English (docs/i18n.md)."""
    found: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            for decorator in node.decorator_list:
                found.update(id(sub) for sub in ast.walk(decorator))
        if isinstance(node, ast.keyword) and node.arg == "help":
            found.update(id(sub) for sub in ast.walk(node.value))
    return found


def cli_texts(source: str, name: str = "<source>") -> list[str]:
    """Prose string literals (f-strings' parts too) in command-line code: what it prints,
    raises or echoes must be the catalogue's (``say``, ``said``), but for docstrings, click's
    declarations and :data:`CLI_ALLOWED`."""
    tree = ast.parse(source)
    skipped = _docstrings(tree) | _declarations(tree)
    return [
        f"{name}:{node.lineno}: {node.value!r}"
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and id(node) not in skipped
        and PROSE.search(node.value)
        and node.value not in CLI_ALLOWED
    ]


def test_the_command_line_says_nothing_outside_the_catalogue() -> None:
    found = [
        finding
        for path in sorted((PACKAGE / "cli").glob("*.py"))
        for finding in cli_texts(path.read_text(encoding="utf-8"), f"cli/{path.name}")
    ]
    assert found == []


def test_the_command_line_check_finds_english_printed_raised_or_echoed() -> None:
    planted = '''
@click.command("plan", help="Plan a run.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")
def plan(as_json: bool) -> None:
    """Plan a run (the docstring is click's help)."""
    echo("Nothing to do.")
    raise click.UsageError(f"name one wiki with {flag}, or all")
    echo_line(say("mentorwatch-cli-runs"))
    lines.append(f"  run #{run_id}")
WIKI = click.option("--wiki", help="The wiki's api.php URL.")
'''
    assert sorted({finding.split(": ", 1)[0] for finding in cli_texts(planted)}) == [
        "<source>:6",
        "<source>:7",
    ]


#: modules of the domain whose string literals are for no person's reading, and why
DOMAIN_NOT_FOR_PEOPLE = {
    "domain/snapshot.py": "a snapshot file's format errors, named by JSON path, for whoever "
    "wrote the file (an operator replaying a run, a test), as a compiler names a line",
    "domain/strict_json.py": "the format errors of a JSON document read strictly (snapshots)",
    "domain/mentors.py": "the format errors of a recorded mentor list (a snapshot's)",
    "domain/timeutil.py": "the format errors of a timestamp, with an ISO 8601 example",
    "domain/shards.py": "the --shard option's error: the command line's own texts",
    "domain/message.py": "programming errors (a message built wrong): never a reader's",
    "domain/outcomes.py": "identifiers (the kinds of write, as the journal and JSON keep them) "
    "and a programming error",
    "domain/languages.py": "languages' names in themselves (autonyms): no English",
    "domain/upstream.py": "the format errors of a snapshot's upstream settings",
    "domain/config/keys.py": "the settings' titles and descriptions in the JSON Schema (a file "
    "format's documentation, English like docs/) and the key sets' names in the command line's "
    "texts",
    "domain/snapshot_fields.py": "a snapshot's moments' format errors",
    "domain/snapshot_memory.py": "the format errors of what a snapshot remembers of the wiki",
    "domain/questions_codec.py": "the format errors of a snapshot's questions",
    "domain/rule_evidence_json.py": "the format errors of a snapshot's rule evidence",
    "domain/config/schema.py": "the JSON Schema's descriptions: a file format's documentation, "
    "English like docs/",
    "domain/config/community_rules_schema.py": "the JSON Schema's descriptions of the "
    "community rules: a file format's documentation, English like docs/",
    "domain/messages.py": "what an undelivered message is about (its subject): a key the "
    "journal compares, never shown as prose",
    "domain/grants.py": "rights' identifiers and MediaWiki's English grant labels for the "
    "README's table; people read the catalogue's (mentorwatch-grant-*)",
    "domain/rights.py": "the README's table of who needs which rights (English docs, checked "
    "against the README) and the features' identifiers; people read mentorwatch-feature-*",
}

#: modules whose texts people read that are still English, and why not yet: each goes through
#: the service layer as text (a plan's notes, an outcome's detail), converted with it
DOMAIN_NOT_YET: dict[str, str] = {}

#: texts of the converted modules that are for no person's reading
DOMAIN_ALLOWED = frozenset(
    {
        # the command line's own texts name the fix so (config migrate, protecting the page);
        # a refusal says it with mentorwatch-rules-fix-protect
        "protect it: Special:Protect, Edit and Move: Allow only administrators, infinite",
        # a Trust value: an identifier snapshots and JSON keep
        "interface namespace",
        # a recorded rules source's format errors (a snapshot's ``rules``)
        "expected the page's title",
        "expected a revision id, or null (no page)",
        "expected a string or null",
        "a trusted source is not refused; use null",
        'expected a message {"key", "params"}, a string or null',
        "expected one of ",
        # where a problem is when it is the whole page (an identifier, as a key is)
        "(top level)",
        # the shape of the exemptions as a problem shows it (JSON; "or null" as JSON Schema's)
        '{"mentor": "Name", "reason": "...", "until": "2027-01-10T00:00:00Z" or null}',
        # GrowthExperiments' change tags of mentees' questions: the wiki's identifiers
        "mentorship module question",
        "mentorship panel question",
        # a diff's link target (a special page's canonical name)
        "Special:Diff/",
        # the wiki texts' two (see test_the_texts_written_on_the_wiki_are_messages)
        "Your place on the mentor list",
        "unknown summary keys ",
    }
)


def domain_modules() -> list[str]:
    return sorted(str(path.relative_to(PACKAGE)) for path in (PACKAGE / "domain").rglob("*.py"))


def test_the_domain_hands_out_messages_not_english() -> None:
    """Every text of the domain a person reads is a message (the refusals of a plan, where the
    rules came from, the status words, rights and grants, reasons): no prose literal outside
    the modules listed above, each with its reason."""
    exempt = DOMAIN_NOT_FOR_PEOPLE.keys() | DOMAIN_NOT_YET.keys()
    checked = [module for module in domain_modules() if module not in exempt]
    for converted in ("safety.py", "rules_source.py", "status.py", "rules.py", "planner.py"):
        assert f"domain/{converted}" in checked
    assert _prose(checked, DOMAIN_ALLOWED) == []


def test_the_domains_lists_name_modules_that_exist_and_still_hold_prose() -> None:
    """No stale entry: a module listed as not yet converted that no longer holds prose leaves
    the list (so the check covers it from then on)."""
    assert (DOMAIN_NOT_FOR_PEOPLE.keys() | DOMAIN_NOT_YET.keys()) <= set(domain_modules())
    assert [module for module in DOMAIN_NOT_YET if not _prose([module])] == []


def test_the_domain_check_finds_english_handed_out() -> None:
    planted = '''
"""A module: its docstring is documentation."""
def check(plan):
    """Why not: a docstring, not a text."""
    refusals.append(Refusal(SafetyCheck.REMOVAL_CAP, "the plan removes too many mentors"))
    said = f"the plan {verb} {planned} of {listed} mentors"
    return Message.of("mentorwatch-safety-over-removals", planned=planned, cap=cap)
'''
    assert sorted(line for line, _text in prose_in(planted)) == [5, 6]
