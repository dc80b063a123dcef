"""``openimr review``, run as a user runs it: each example case file decided, drafted and read back."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import html5lib
import pytest
import yaml

from openimr import letters
from openimr.domain import Citation, CitationSource
from openimr.letters.source import pdf_text

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SECTIONS = [
    "HOW THE IMR FINAL DETERMINATION WAS MADE",
    "CLINICAL CASE SUMMARY",
    "IMR ISSUES, DECISIONS AND RATIONALES",
]
DRAFT = "DRAFT: NOT A FINAL DETERMINATION UNTIL THE EXPERT REVIEWER SIGNS IT"
FILES = {"determination.json", "letter.txt", "letter.html", "letter.pdf"}

ACOEM_LOW_BACK = "MTUS ACOEM Low Back Complaints 2004"
ACOEM_NECK = "MTUS ACOEM Neck and Upper Back Complaints 2004"
CPMTG_2009 = "MTUS Chronic Pain Medical Treatment Guidelines 2009"
ODG = "Official Disability Guidelines (ODG)"

# Known bugs, listed rather than skipped: a row's fourth field is the reason of a strict xfail,
# which fails once the bug is fixed.

# Each example's disputed items: (request, decision, governing document), from the file's header
# comment and the knowledge base, in the order of the file.
EXPECTED: dict[str, list[tuple[str, str, str, str | None]]] = {
    "seed-facet-and-trigger-point.yaml": [
        (
            "Lumbar facet injection (B) L3-L4 using fluoroscopy or ultrasonic guidance",
            "Upheld",
            ACOEM_LOW_BACK,
            None,
        ),
        ("Trigger point injections x 3", "Upheld", CPMTG_2009, None),
    ],
    "medications.yaml": [
        # UR 2016-04-29, before the MTUS Opioids Treatment Guidelines: the 2009 CPMTG opioid pages.
        ("Norco 10/325mg #90", "Upheld", CPMTG_2009, None),
        ("Naproxen 550mg #60", "Overturned", ACOEM_NECK, None),
        ("Omeprazole 20mg #30", "Upheld", CPMTG_2009, None),
    ],
    "physical-medicine.yaml": [
        (
            "Physical therapy 2 times a week for 3 weeks for the lumbar spine",
            "Overturned",
            CPMTG_2009,
            None,
        ),
        ("Chiropractic manipulation 3 times a week for 6 weeks", "Upheld", CPMTG_2009, None),
        (
            "Acupuncture 6 sessions for the lumbar spine",
            "Overturned",
            "MTUS Acupuncture Medical Treatment Guidelines 2007",
            None,
        ),
    ],
    "imaging.yaml": [
        ("MRI of the lumbar spine without contrast", "Upheld", ACOEM_LOW_BACK, None),
        ("MRI of the cervical spine without contrast", "Overturned", ACOEM_NECK, None),
    ],
    "shoulder-surgery.yaml": [
        (
            "Right shoulder arthroscopy with rotator cuff repair and subacromial decompression",
            "Overturned",
            "MTUS ACOEM Shoulder Complaints 2004",
            None,
        ),
        ("Associated surgical service: Assistant surgeon", "Overturned", ODG, None),
        (
            "Associated surgical service: Pre-operative medical clearance",
            "Overturned",
            "MTUS ACOEM General Approaches 2004",
            None,
        ),
        (
            "Associated surgical service: Post-operative physical therapy 2 times a week for 6 weeks",
            "Overturned",
            "MTUS Postsurgical Treatment Guidelines 2009",
            None,
        ),
        ("Associated surgical service: Cold therapy unit 7 day rental", "Overturned", ODG, None),
        ("Associated surgical service: Cold therapy unit purchase", "Upheld", ODG, None),
    ],
}
CONFIG = {
    "review_organization": {"name": "Golden State Review Organization", "short_name": "GSR"},
    "reviewer": {
        "licensure": ["California", "Nevada"],
        "specialties": ["Physical Medicine & Rehabilitation", "Pain Medicine"],
    },
}
ITEM_ROWS = [
    pytest.param(
        name,
        number,
        marks=[pytest.mark.xfail(strict=True, reason=row[3])] if row[3] else [],
        id=f"{name.removesuffix('.yaml')}-{number + 1}",
    )
    for name, rows in EXPECTED.items()
    for number, row in enumerate(rows)
]


def openimr(*args: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "openimr", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="module")
def config_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("config") / "openimr.yaml"
    path.write_text(yaml.safe_dump(CONFIG), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def reviewed(tmp_path_factory: pytest.TempPathFactory, config_file: Path) -> dict[str, Path]:
    """Every example reviewed once (in parallel: the PDF takes a second each), name -> output folder."""
    root = tmp_path_factory.mktemp("reviewed")
    runs = {
        name: (
            root / name.removesuffix(".yaml"),
            subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "openimr",
                    "review",
                    EXAMPLES / name,
                    "--out",
                    root / name.removesuffix(".yaml"),
                    "--config",
                    config_file,
                ],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            ),
        )
        for name in EXPECTED
    }
    folders = {}
    for name, (folder, process) in runs.items():
        _, stderr = process.communicate(timeout=300)
        assert process.returncode == 0, f"{name}: {stderr}"
        folders[name] = folder
    return folders


def _determination(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "determination.json").read_text(encoding="utf-8"))


def _cited(item: dict[str, Any]) -> list[Citation]:
    # No citation in determination.json is written "did not cite any medical evidence", read as "none cited".
    return [Citation.model_validate(c) for c in item["citations"]] or [
        Citation(source=CitationSource.NONE_CITED)
    ]


class TestDecisions:
    def test_every_example_case_file_has_a_row_in_the_table(self) -> None:
        case_files = [
            path.name
            for path in EXAMPLES.glob("*.yaml")
            if "format: openimr-case/1" in path.read_text()
        ]
        assert sorted(case_files) == sorted(EXPECTED)

    @pytest.mark.parametrize("name", sorted(EXPECTED))
    def test_each_example_reviews_to_the_expected_decision_for_every_item(
        self, reviewed: dict[str, Path], name: str
    ) -> None:
        items = _determination(reviewed[name])["items"]
        assert [(item["request"], item["decision"]) for item in items] == [
            (request, decision) for request, decision, _, _ in EXPECTED[name]
        ]

    @pytest.mark.parametrize(("name", "number"), ITEM_ROWS)
    def test_each_item_cites_its_governing_guideline(
        self, reviewed: dict[str, Path], name: str, number: int
    ) -> None:
        item = _determination(reviewed[name])["items"][number]
        assert item["citations"], "no guideline cited"
        assert item["citations"][0]["document"] == EXPECTED[name][number][2]

    def test_the_opioid_dose_limit_is_judged_on_the_daily_dose(
        self, reviewed: dict[str, Path]
    ) -> None:
        # medications.yaml: Norco 10/325 mg one tablet every 8 hours is 30 MME a day.
        norco = _determination(reviewed["medications.yaml"])["items"][0]
        assert [f["result"] for f in norco["findings"] if f["criterion"] == "dose_limit"] == ["met"]

    def test_the_naproxen_overturn_rests_on_neck_findings(self, reviewed: dict[str, Path]) -> None:
        naproxen = _determination(reviewed["medications.yaml"])["items"][1]
        finding = next(
            f for f in naproxen["findings"] if f["criterion"] == "recommended_for_neck_pain"
        )
        assert finding["result"] == "met"
        assert finding["evidence"] and all(
            ("neck" in e["sentence"].lower() or "cervical" in e["sentence"].lower())
            and "low back" not in e["sentence"].lower()
            for e in finding["evidence"]
        )

    def test_a_case_file_without_the_added_fields_still_reviews_to_the_same_decisions(
        self, tmp_path: Path, config_file: Path
    ) -> None:
        # The first openimr-case/1 files had no record kinds, per-item UR fields, regions or sides.
        added = {"kind", "ur_decision", "ur_cited_guidelines", "body_region", "side", "certified"}

        def strip(value: Any) -> Any:
            if isinstance(value, dict):
                return {k: strip(v) for k, v in value.items() if k not in added}
            return [strip(v) for v in value] if isinstance(value, list) else value

        name = "seed-facet-and-trigger-point.yaml"
        data = strip(yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8")))
        case_file = tmp_path / "first-format.json"
        case_file.write_text(json.dumps(data, default=str), encoding="utf-8")
        run = openimr("review", case_file, "--out", tmp_path / "out", "--config", config_file)
        assert run.returncode == 0, run.stderr
        items = _determination(tmp_path / "out")["items"]
        assert [(i["request"], i["decision"]) for i in items] == [
            (request, decision) for request, decision, _, _ in EXPECTED[name]
        ]

    def test_the_determination_is_a_draft_of_the_case(self, reviewed: dict[str, Path]) -> None:
        determination = _determination(reviewed["imaging.yaml"])
        assert determination["format"] == "openimr-determination/1"
        assert determination["draft"] is True
        assert determination["case_number"] == "CM16-9000004"


class TestLetterFiles:
    @pytest.mark.parametrize("name", sorted(EXPECTED))
    def test_the_output_folder_holds_the_determination_and_the_letter_in_three_formats(
        self, reviewed: dict[str, Path], name: str
    ) -> None:
        assert {path.name for path in reviewed[name].iterdir()} == FILES

    @pytest.mark.parametrize("name", sorted(EXPECTED))
    def test_the_pdf_has_its_sections_in_order_after_the_draft_banner(
        self, reviewed: dict[str, Path], name: str
    ) -> None:
        text = pdf_text((reviewed[name] / "letter.pdf").read_bytes())
        positions = [text.find(section) for section in SECTIONS]
        assert -1 not in positions and positions == sorted(positions)
        assert "DRAFT" in text[: positions[0]]

    @pytest.mark.parametrize("name", sorted(EXPECTED))
    def test_the_html_is_valid_html5(self, reviewed: dict[str, Path], name: str) -> None:
        page = (reviewed[name] / "letter.html").read_text(encoding="utf-8")
        html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)
        assert 'class="draft"' in page

    @pytest.mark.parametrize("name", sorted(EXPECTED))
    def test_the_text_letter_opens_with_the_draft_banner(
        self, reviewed: dict[str, Path], name: str
    ) -> None:
        assert (reviewed[name] / "letter.txt").read_text(encoding="utf-8").startswith(DRAFT)

    @pytest.mark.parametrize("name", sorted(EXPECTED))
    @pytest.mark.parametrize("file", ["letter.txt", "letter.pdf"])
    def test_the_letter_shows_the_configured_credentials_and_organization(
        self, reviewed: dict[str, Path], name: str, file: str
    ) -> None:
        letter = letters.read(reviewed[name] / file)
        assert letter.reviewer.licensure == CONFIG["reviewer"]["licensure"]
        assert letter.reviewer.specialties == CONFIG["reviewer"]["specialties"]
        text = (reviewed[name] / "letter.txt").read_text(encoding="utf-8")
        assert "Golden State Review Organization sent the complete case file" in text
        assert "GSR guideline: " in text

    @pytest.mark.parametrize("name", sorted(EXPECTED))
    def test_the_letter_names_no_reviewer(self, reviewed: dict[str, Path], name: str) -> None:
        # The letter shows credentials only: no name line, no signature, no doctor's title.
        for file in ("letter.txt", "letter.html"):
            text = (reviewed[name] / file).read_text(encoding="utf-8")
            words = ("Reviewer:", "Reviewer Name", "Signed", "Signature", "Dr.", "M.D.", "D.O.")
            lines = [line for line in text.splitlines() if any(word in line for word in words)]
            assert lines == [], file
            assert "{{" not in text, file
        text = (reviewed[name] / "letter.txt").read_text(encoding="utf-8").splitlines()
        credentials = text.index("The Expert Reviewer has the following credentials:")
        assert text[credentials + 1 : credentials + 4] == [
            "State(s) of Licensure: California, Nevada",
            "Certification(s)/Specialty: Physical Medicine & Rehabilitation, Pain Medicine",
            "",
        ]

    def test_names_in_the_case_file_appear_in_no_output(
        self, tmp_path: Path, config_file: Path
    ) -> None:
        # A real case file names the worker and the providers; the review never writes them.
        data = yaml.safe_load(
            (EXAMPLES / "seed-facet-and-trigger-point.yaml").read_text(encoding="utf-8")
        )
        names = ["Jordan Q. Placeholder", "Avery Fictitious", "Morgan Madeup"]
        data["parties"]["injured_worker"]["name"] = names[0]
        data["parties"]["treating_provider"] = {"name": names[1], "specialty": "Pain Medicine"}
        data["parties"]["requesting_provider"] = {"name": names[2], "specialty": "Pain Medicine"}
        case_file = tmp_path / "named.json"
        case_file.write_text(json.dumps(data, default=str), encoding="utf-8")
        run = openimr("review", case_file, "--out", tmp_path / "out", "--config", config_file)
        assert run.returncode == 0, run.stderr
        outputs = {
            path.name: pdf_text(path.read_bytes())
            if path.suffix == ".pdf"
            else path.read_text(encoding="utf-8")
            for path in (tmp_path / "out").iterdir()
        }
        outputs["stdout"], outputs["stderr"] = run.stdout, run.stderr
        assert [
            (where, name) for where, text in outputs.items() for name in names if name in text
        ] == []

    def test_without_a_config_the_credentials_are_left_empty(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.delenv("OPENIMR_CONFIG", raising=False)
        run = openimr("review", EXAMPLES / "imaging.yaml", "--out", tmp_path / "out")
        assert run.returncode == 0, run.stderr
        letter = letters.read(tmp_path / "out" / "letter.txt")
        assert (letter.reviewer.licensure, letter.reviewer.specialties) == ([], [])
        assert [item.decision.value for item in letter.items] == ["Upheld", "Overturned"]


class TestRoundTrip:
    @pytest.mark.parametrize("name", sorted(EXPECTED))
    @pytest.mark.parametrize("file", ["letter.txt", "letter.pdf"])
    def test_the_letter_reads_back_to_the_determinations_items(
        self, reviewed: dict[str, Path], name: str, file: str
    ) -> None:
        letter = letters.read(reviewed[name] / file)
        items = _determination(reviewed[name])["items"]
        assert [
            (i.request, i.decision.value, i.review_guideline.citations, i.rationale)
            for i in letter.items
        ] == [(i["request"], i["decision"], _cited(i), i["rationale"]) for i in items]

    @pytest.mark.parametrize("name", sorted(EXPECTED))
    def test_the_letter_reads_back_to_the_case_header_and_the_summary(
        self, reviewed: dict[str, Path], name: str
    ) -> None:
        letter = letters.read(reviewed[name] / "letter.txt")
        determination = _determination(reviewed[name])
        case = yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))
        assert (
            letter.case_number == determination["case_number"] == case["application"]["case_number"]
        )
        assert letter.date_of_injury == case["injury"]["date"]
        assert letter.ur_denial_date == case["utilization_review"]["date"]
        assert letter.summary == " ".join(determination["summary"]["text"].split())

    def test_a_partial_authorization_reads_back_with_its_original_request_and_authorized_part(
        self, tmp_path: Path, config_file: Path
    ) -> None:
        data = yaml.safe_load((EXAMPLES / "physical-medicine.yaml").read_text(encoding="utf-8"))
        data["disputed_items"][0] = {
            "request": "Physical therapy 2 sessions for the lumbar spine",
            "original_request": "Physical therapy 8 sessions for the lumbar spine",
            "authorized": "Physical therapy 6 sessions for the lumbar spine",
            "ur_decision": "modified",
        }
        case_file = tmp_path / "partial.json"
        case_file.write_text(json.dumps(data, default=str), encoding="utf-8")
        run = openimr("review", case_file, "--out", tmp_path / "out", "--config", config_file)
        assert run.returncode == 0, run.stderr
        items = _determination(tmp_path / "out")["items"]
        assert (items[0]["original_request"], items[0]["authorized"]) == (
            "Physical therapy 8 sessions for the lumbar spine",
            "Physical therapy 6 sessions for the lumbar spine",
        )
        for file in ("letter.txt", "letter.pdf"):
            letter = letters.read(tmp_path / "out" / file)
            assert [
                (
                    i.request,
                    i.original_request,
                    i.authorized,
                    i.decision.value,
                    i.review_guideline.citations,
                    i.rationale,
                )
                for i in letter.items
            ] == [
                (
                    i["request"],
                    i["original_request"],
                    i["authorized"],
                    i["decision"],
                    _cited(i),
                    i["rationale"],
                )
                for i in items
            ], file
            assert letter.items[0].remaining == "Physical therapy 2 sessions for the lumbar spine"


MALFORMED = """\
format: openimr-case/1
application:
  case_number: CM16-9999999
  priority: urgent
utilization_review:
  decision: denied
records:
  - {id: r1, date: 2016-01-07, text: Neck pain 6/10.}
  - {id: r2, date: 2016-02-04, type: progress note}
disputed_items:
  - request: MRI of the cervical spine without contrast
reviewer_notes: call the adjuster
"""


class TestBadCaseFiles:
    def test_a_malformed_case_file_reports_every_problem_with_its_path_and_writes_nothing(
        self, tmp_path: Path
    ) -> None:
        case_file = tmp_path / "bad.yaml"
        case_file.write_text(MALFORMED, encoding="utf-8")
        out = tmp_path / "out"
        run = openimr("review", case_file, "--out", out)
        assert run.returncode == 1
        assert "Traceback" not in run.stderr
        lines = run.stderr.strip().splitlines()
        assert len(lines) == 4, run.stderr
        assert all(line.startswith("error: bad.yaml: ") for line in lines), run.stderr
        problems = {line.removeprefix("error: bad.yaml: ").split(":")[0]: line for line in lines}
        assert set(problems) == {
            "application.priority",
            "records[1]",
            "utilization_review.date",
            "reviewer_notes",
        }
        assert "'urgent'" in problems["application.priority"]
        assert "text" in problems["records[1]"] and "pdf" in problems["records[1]"]
        assert "required" in problems["utilization_review.date"].lower()
        assert not out.exists()
        assert run.stdout == ""

    def test_a_missing_case_file_is_one_line_and_exit_1(self, tmp_path: Path) -> None:
        missing = tmp_path / "none.yaml"
        run = openimr("review", missing, "--out", tmp_path / "out")
        assert run.returncode == 1
        assert run.stderr.strip() == f"error: {missing}: no such file"
        assert not (tmp_path / "out").exists()

    def test_a_missing_record_pdf_is_reported_with_the_other_problems(self, tmp_path: Path) -> None:
        case_file = tmp_path / "bad.yaml"
        case_file.write_text(
            MALFORMED.replace("type: progress note}", "type: progress note, pdf: missing.pdf}"),
            encoding="utf-8",
        )
        run = openimr("review", case_file, "--out", tmp_path / "out")
        assert run.returncode == 1
        assert (
            "error: bad.yaml: records[1].pdf: no such file 'missing.pdf'" in run.stderr.splitlines()
        )
        assert "error: bad.yaml: application.priority" in run.stderr


class TestBadOutputFolder:
    def test_an_out_path_that_is_a_file_is_reported_in_one_line(self, tmp_path: Path) -> None:
        taken = tmp_path / "out"
        taken.write_text("not a folder", encoding="utf-8")
        run = openimr("review", EXAMPLES / "imaging.yaml", "--out", taken)
        assert run.returncode == 1
        assert "Traceback" not in run.stderr
        assert len(run.stderr.strip().splitlines()) == 1 and str(taken) in run.stderr

    def test_a_folder_holding_an_earlier_review_is_kept_unless_force_is_given(
        self, tmp_path: Path, reviewed: dict[str, Path], config_file: Path
    ) -> None:
        out = tmp_path / "out"
        shutil.copytree(reviewed["imaging.yaml"], out)
        before = {path.name: path.read_bytes() for path in out.iterdir()}
        run = openimr("review", EXAMPLES / "medications.yaml", "--out", out)
        assert run.returncode == 1 and run.stdout == ""
        assert run.stderr.strip() == (
            f"error: --out: {out} is not empty; give --force to replace what an earlier run wrote there"
        )
        assert {path.name: path.read_bytes() for path in out.iterdir()} == before
        forced = openimr(
            "review",
            EXAMPLES / "medications.yaml",
            "--out",
            out,
            "--force",
            "--config",
            config_file,
        )
        assert forced.returncode == 0, forced.stderr
        assert (
            _determination(out)["case_number"]
            == _determination(reviewed["medications.yaml"])["case_number"]
        )
        assert {path.name for path in out.iterdir()} == FILES
        assert [path.name for path in tmp_path.iterdir()] == ["out"], "no temporary folder is left"

    def test_force_never_removes_a_file_the_review_did_not_write(self, tmp_path: Path) -> None:
        out = tmp_path / "out"
        out.mkdir()
        (out / "notes.txt").write_text("my notes", encoding="utf-8")
        run = openimr("review", EXAMPLES / "imaging.yaml", "--out", out, "--force")
        assert run.returncode == 1
        assert len(run.stderr.strip().splitlines()) == 1 and "notes.txt" in run.stderr
        assert [path.name for path in out.iterdir()] == ["notes.txt"]

    def test_an_empty_folder_is_filled_and_nothing_is_left_beside_it(self, tmp_path: Path) -> None:
        out = tmp_path / "out"
        out.mkdir()
        run = openimr("review", EXAMPLES / "imaging.yaml", "--out", out)
        assert run.returncode == 0, run.stderr
        assert {path.name for path in out.iterdir()} == FILES
        assert [path.name for path in tmp_path.iterdir()] == ["out"]


class TestSettings:
    @pytest.mark.parametrize(
        ("name", "content"),
        [("junk.bin", bytes(range(256)) * 4), ("letter.pdf", b"%PDF-1.7\n1 0 obj <<>> endobj\n")],
    )
    @pytest.mark.parametrize("given", ["--config", "OPENIMR_CONFIG"])
    def test_a_settings_file_that_is_not_text_is_one_line_and_exit_1(
        self, tmp_path: Path, name: str, content: bytes, given: str
    ) -> None:
        path = tmp_path / name
        path.write_bytes(content)
        args: list[object] = ["review", EXAMPLES / "imaging.yaml", "--out", tmp_path / "out"]
        env = {**os.environ, "OPENIMR_CONFIG": str(path)}
        if given == "--config":
            args += ["--config", path]
            env.pop("OPENIMR_CONFIG")
        run = subprocess.run(
            [sys.executable, "-m", "openimr", *map(str, args)],
            capture_output=True,
            text=True,
            timeout=300,
            env=env,
        )
        assert run.returncode == 1
        assert run.stderr.strip() == (
            f"error: {path}: not a settings file (binary content; a YAML file is expected)"
        )
        assert not (tmp_path / "out").exists()

    def test_a_draft_without_settings_warns_which_settings_are_missing(
        self, tmp_path: Path
    ) -> None:
        empty = tmp_path / "openimr.yaml"
        empty.write_text("", encoding="utf-8")
        run = openimr(
            "review", EXAMPLES / "imaging.yaml", "--out", tmp_path / "out", "--config", empty
        )
        assert run.returncode == 0, run.stderr
        warnings = [line for line in run.stderr.splitlines() if line.startswith("warning: ")]
        assert len(warnings) == 1
        for setting in ("review_organization.name", "reviewer.licensure", "reviewer.specialties"):
            assert setting in warnings[0]

    def test_a_draft_with_every_setting_gives_no_warning(
        self, tmp_path: Path, config_file: Path
    ) -> None:
        run = openimr(
            "review", EXAMPLES / "imaging.yaml", "--out", tmp_path / "out", "--config", config_file
        )
        assert run.returncode == 0 and run.stderr == ""


class TestWriteFolder:
    def test_a_failed_move_leaves_the_earlier_review_as_it_was_and_nothing_beside_it(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        from openimr.cli import folders

        out = tmp_path / "out"
        out.mkdir()
        (out / "letter.txt").write_text("the earlier letter", encoding="utf-8")
        real_replace = os.replace
        calls: list[str] = []

        def replace_failing_on_the_second_move(source: Any, target: Any) -> None:
            calls.append(str(target))
            if len(calls) == 2:  # the new folder moving into place
                raise OSError(28, "No space left on device")
            real_replace(source, target)

        monkeypatch.setattr(folders.os, "replace", replace_failing_on_the_second_move)
        with pytest.raises(OSError, match="No space left"):
            folders.write_folder(out, {"letter.txt": "the new letter", "letter.pdf": b"%PDF"})
        assert [p.name for p in tmp_path.iterdir()] == ["out"]
        assert [p.name for p in out.iterdir()] == ["letter.txt"]
        assert (out / "letter.txt").read_text(encoding="utf-8") == "the earlier letter"

    def test_a_new_folder_gets_every_file(self, tmp_path: Path) -> None:
        from openimr.cli.folders import write_folder

        write_folder(tmp_path / "a" / "b", {"letter.txt": "text", "letter.pdf": b"%PDF-1.7"})
        assert (tmp_path / "a" / "b" / "letter.txt").read_text(encoding="utf-8") == "text"
        assert (tmp_path / "a" / "b" / "letter.pdf").read_bytes() == b"%PDF-1.7"
        assert [p.name for p in (tmp_path / "a").iterdir()] == ["b"]
