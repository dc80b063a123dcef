"""The one vocabulary (openimr.vocab): its typed API, and that it holds every word the knowledge
base and the clinical reader use for a body region, so that they can switch to it."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
import yaml

from openimr import letters, vocab
from openimr.corpus.split import Part, part_of
from openimr.guidelines import BodyRegion
from openimr.requests import parse
from openimr.vocab import VocabularyError, parse_vocabulary_file
from openimr.vocab.load import check_links


@pytest.mark.parametrize(
    ("words", "region"),
    [
        ("low back", "lumbar spine"),
        ("left knee", "knee"),
        ("Lumbosacral", "lumbar spine"),
        ("neck", "cervical spine"),
        ("upper back", "thoracic spine"),
        ("upper extremities", "upper extremity"),
        ("bilateral lower extremities", "lower extremity"),
        ("right lower leg", "lower extremity"),
        ("rotator cuff", "shoulder"),  # a structure names its region
        ("medial meniscus", "knee"),
        ("carpal tunnel", "wrist"),
        ("L4-5", "lumbar spine"),  # a level names its region
        ("L5-S1", "lumbar spine"),
        ("C5-6", "cervical spine"),
        ("T12-L1", "thoracic spine"),
        ("lumbar spine", "lumbar spine"),  # a region's own name
        ("tablet", None),
        ("", None),
    ],
)
def test_body_region_of_a_word(words: str, region: str | None) -> None:
    assert vocab.body_region_of(words) == region


def test_body_regions_in_a_text_in_the_order_written_each_once() -> None:
    text = "Chiropractic for cervical and lumbar spine, left wrist/hand, and the neck"
    assert vocab.body_regions_in(text) == ["cervical spine", "lumbar spine", "wrist", "hand"]


def test_body_regions_in_a_text_by_its_levels_when_asked() -> None:
    text = "Disc protrusion at L4-5 and C5 radiculopathy; left knee effusion"
    assert vocab.body_regions_in(text) == ["knee"]
    assert vocab.body_regions_in(text, levels=True) == ["lumbar spine", "cervical spine", "knee"]
    assert vocab.body_regions_in("Norco 10/325 #90 class 3", levels=True) == []


@pytest.mark.parametrize(
    ("region", "limb"),
    [
        ("knee", "lower extremity"),
        ("foot", "lower extremity"),
        ("lumbar spine", "lower extremity"),  # its nerves serve the leg
        ("hand", "upper extremity"),
        ("cervical spine", "upper extremity"),
        ("head", None),
        ("thoracic spine", None),
    ],
)
def test_limb_of_a_region(region: str, limb: str | None) -> None:
    assert vocab.limb_of(region) == limb


@pytest.mark.parametrize(
    ("text", "side"),
    [
        ("left knee", "left"),
        ("Right shoulder", "right"),
        ("left and right knee", "bilateral"),
        ("(B) wrists", "bilateral"),
        ("bilateral hands", "bilateral"),
        ("knee", None),
        ("L4-5", None),  # a level, no side
    ],
)
def test_side_of_a_text(text: str, side: str | None) -> None:
    assert vocab.side_of(text) == side


def test_every_knowledge_base_region_is_a_vocabulary_region() -> None:
    assert {region.value for region in BodyRegion} - set(vocab.regions()) == set()


def test_every_region_word_of_the_knowledge_base_names_the_same_region_in_the_vocabulary() -> None:
    from openimr.guidelines import matching

    aliases = getattr(matching, "_ALIASES", None)
    if aliases is None:
        pytest.skip("openimr.guidelines.matching keeps no body-region words of its own any more")
    wrong = [
        (word, region.value, vocab.body_region_of(word))
        for word, region in aliases.items()
        if vocab.body_region_of(word) != region.value
    ]
    assert wrong == []


def test_every_limb_of_the_knowledge_base_is_the_vocabulary_limb() -> None:
    from openimr.guidelines import matching

    limbs = getattr(matching, "_LIMB", None)
    if limbs is None:
        pytest.skip("openimr.guidelines.matching keeps no limbs of its own any more")
    assert {r.value: limb.value for r, limb in limbs.items()} == {
        r.value: vocab.limb_of(r.value) for r in limbs
    }


def test_every_region_the_clinical_reader_names_is_a_vocabulary_region() -> None:
    file = resources.files("openimr.clinical") / "data" / "body_parts.yaml"
    if not file.is_file():
        pytest.skip("openimr.clinical keeps no body_parts.yaml of its own any more")
    named = {name for name, _ in yaml.safe_load(file.read_text(encoding="utf-8"))["body_parts"]}
    assert named - set(vocab.regions()) == set()


@pytest.mark.parametrize(
    ("name", "generic", "drug_class"),
    [
        ("Norco", "hydrocodone/acetaminophen", "opioid"),
        ("norco", "hydrocodone/acetaminophen", "opioid"),  # any case
        ("APAP", "acetaminophen", "analgesic"),  # an abbreviation
        ("Hydrocodone/APAP", "hydrocodone/acetaminophen", None),  # a combination by its parts
        ("Flexeril", "cyclobenzaprine", "muscle_relaxant"),
        ("gabapentin", "gabapentin", "anticonvulsant"),  # a generic name is its own
        ("Tylenol #3", "acetaminophen/codeine", "opioid"),
        ("Keflex", "cephalexin", "antibiotic"),
        ("aspirin tablets", None, None),  # only whole names
        ("Physical therapy", None, None),
    ],
)
def test_generic_name_and_class_of_a_drug_name(
    name: str, generic: str | None, drug_class: str | None
) -> None:
    assert vocab.generic_name(name) == generic
    if "/" not in name:
        assert vocab.drug_class_of(name) == drug_class


def test_a_family_is_found_by_id_and_an_unknown_id_is_refused() -> None:
    assert vocab.family("physical_therapy").category is vocab.Category.PHYSICAL_MEDICINE
    with pytest.raises(KeyError, match="no_such_family"):
        vocab.family("no_such_family")
    with pytest.raises(KeyError, match="no_such_kind"):
        vocab.surgery_kind("no_such_kind")


def _families_the_parser_can_give() -> set[str]:
    """Every family the parser can give: each synonym's, each drug class's (orally, topically, by
    form and compounded), each kind of surgery's, and the fallbacks."""
    vocabulary = vocab.load_vocabulary()
    found = {"unknown", "other_medication", "compounded_topical", "compounded_oral"}
    found |= {parse(s).family for f in vocabulary.services.families for s in f.synonyms}
    found |= {parse(s).family for k in vocabulary.surgery.kinds for s in k.synonyms}
    for drug in vocabulary.drugs.drugs:
        found |= {parse(drug.name).family, parse(f"{drug.name} gel").family}
        found |= set(drug.family_by_form.values())
    for brand in vocabulary.drugs.brands:
        found.add(parse(brand.brand).family)
    for drug_class in vocabulary.drugs.classes:
        found |= {drug_class.family, drug_class.topical_family} - {None}
    return found


def test_every_family_the_parser_can_give_is_a_vocabulary_family() -> None:
    assert _families_the_parser_can_give() - vocab.family_ids() == set()


@pytest.mark.slow
def test_every_family_the_develop_letters_parse_to_is_a_vocabulary_family(shared_dir: Path) -> None:
    folder = shared_dir / "data" / "letters" / "txt"
    found = {
        parse(item.request).family
        for path in sorted(folder.glob("*.txt"))
        if part_of((letter := letters.read(path)).case_number) is Part.DEVELOP
        for item in letter.items
    }
    assert found and found - vocab.family_ids() == set()


@pytest.mark.parametrize(
    ("file", "text", "message"),
    [
        (  # a limb that is no region
            "body_regions.yaml",
            "regions:\n  - {region: knee, words: [knee], limb: leg}\nsides: {}\n",
            "body_regions.yaml: regions[0].limb: unknown region 'leg'",
        ),
        (  # one word for two regions
            "body_regions.yaml",
            "regions:\n  - {region: knee, words: [knee]}\n  - {region: leg, words: [knee]}\n"
            "sides: {}\n",
            "body_regions.yaml: regions[1].words: 'knee' also names 'knee'",
        ),
        (  # a level letter that is no spinal level
            "body_regions.yaml",
            "regions:\n  - {region: knee, words: [knee], levels: [K]}\nsides: {}\n",
            "body_regions.yaml: regions[0].levels[0]: Input should be 'C', 'T', 'L' or 'S'",
        ),
        (  # a service only done for a surgery needs its phase
            "service_families.yaml",
            "families:\n  - {id: cpm, category: durable medical equipment, surgical_only: true}\n",
            "service_families.yaml: families[0]: surgical_only:",
        ),
    ],
)
def test_a_malformed_vocabulary_file_is_refused_by_file_and_field(
    file: str, text: str, message: str
) -> None:
    with pytest.raises(VocabularyError) as raised:
        parse_vocabulary_file(file, text)
    assert str(raised.value).startswith(message)


def test_the_vocabulary_api_is_exactly_what_all_lists() -> None:
    public = {name for name in dir(vocab) if not name.startswith("_")}
    modules = {"load", "lookup", "phrases", "schema", "annotations"}
    assert public - modules == set(vocab.__all__)


def _vocabulary_with(**changes: object) -> vocab.Vocabulary:
    shipped = vocab.load_vocabulary()
    return vocab.Vocabulary(
        services=changes.get("services", shipped.services),  # type: ignore[arg-type]
        surgery=changes.get("surgery", shipped.surgery),  # type: ignore[arg-type]
        anatomy=changes.get("anatomy", shipped.anatomy),  # type: ignore[arg-type]
        drugs=changes.get("drugs", shipped.drugs),  # type: ignore[arg-type]
    )


def test_a_file_naming_what_another_does_not_define_is_refused_by_file_and_field() -> None:
    surgery = parse_vocabulary_file(
        "surgeries.yaml", "kinds:\n  - {id: knee_scope, synonyms: [knee scope], region: kneecap}\n"
    )
    with pytest.raises(
        VocabularyError, match=r"^surgeries.yaml: kinds\[0\].region: unknown region 'kneecap'"
    ):
        check_links(_vocabulary_with(surgery=surgery))
    drugs = parse_vocabulary_file(
        "drugs.yaml",
        "classes: [{id: opioid, family: mri}]\ndrugs: []\nbrands: []\nforms: {}\n"
        "oral_forms: []\ntopical_forms: []\n",
    )
    with pytest.raises(
        VocabularyError, match=r"^drugs.yaml: classes\[0\].family: 'mri' is not a medication"
    ):
        check_links(_vocabulary_with(drugs=drugs))


@pytest.mark.parametrize(
    ("body_parts", "levels", "regions"),
    [
        (["left knee"], [], {"knee"}),
        (["lumbar spine", "left shoulder"], ["L4-5"], {"lumbar spine", "shoulder"}),
        ([], ["L4-5", "L5-S1"], {"lumbar spine"}),  # levels stand in for a region not named
        ([], ["C5-6"], {"cervical spine"}),
        ([], [], set()),
    ],
)
def test_regions_of_a_request_by_its_parts_or_else_its_levels(
    body_parts: list[str], levels: list[str], regions: set[str]
) -> None:
    assert vocab.regions_of(body_parts, levels) == regions
