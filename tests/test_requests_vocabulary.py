"""The vocabulary (openimr.vocab) as the request parser uses it: shipped YAML that loads, and
malformed YAML that is refused by name."""

from __future__ import annotations

import pytest

from openimr import requests
from openimr.errors import OpenIMRError
from openimr.requests import Category, parse
from openimr.vocab import VocabularyError, load_vocabulary, parse_vocabulary_file

BRIEF_FAMILIES = [
    "mri",
    "ct",
    "x_ray",
    "bone_scan",
    "emg_ncs",
    "physical_therapy",
    "occupational_therapy",
    "post_op_physical_therapy",
    "chiropractic",
    "acupuncture",
    "massage",
    "myofascial_release",
    "tens",
    "h_wave",
    "electrical_stimulation",
    "ultrasound_therapy",
    "infrared_heat",
    "heat_cold_therapy",
    "traction",
    "shockwave",
    "epidural_steroid_injection",
    "facet_injection",
    "medial_branch_block",
    "radiofrequency_ablation",
    "trigger_point_injection",
    "joint_injection",
    "prp_injection",
    "surgery",
    "assistant_surgeon",
    "preoperative_clearance",
    "preoperative_labs",
    "ekg",
    "chest_x_ray",
    "cold_therapy_unit",
    "sling",
    "brace",
    "pillow",
    "opioid",
    "nsaid",
    "muscle_relaxant",
    "proton_pump_inhibitor",
    "h2_blocker",
    "anticonvulsant",
    "antidepressant",
    "sleep_aid",
    "topical_analgesic",
    "compounded_topical",
    "lidocaine_patch",
    "antiemetic",
    "medical_food",
    "barbiturate_analgesic",
    "other_medication",
    "urine_drug_testing",
    "psychological_evaluation",
    "psychotherapy",
    "biofeedback",
    "functional_restoration_program",
    "functional_capacity_evaluation",
    "home_health",
    "skilled_nursing_facility",
    "inpatient_rehabilitation",
    "partial_hospitalization",
    "consultation_referral",
    "office_visit",
    "follow_up_visit",
    "dme_other",
    "gym_membership",
    "hearing_aids",
    "transportation",
    "eeg",
    "unknown",
]


def test_the_shipped_vocabularies_load_and_are_loaded_once() -> None:
    assert load_vocabulary() is load_vocabulary()


def test_every_family_the_brief_names_is_in_services_yaml() -> None:
    ids = {family.id for family in load_vocabulary().services.families}
    assert set(BRIEF_FAMILIES) - ids == set()


def test_every_category_has_at_least_one_family() -> None:
    used = {family.category for family in load_vocabulary().services.families}
    assert used | {Category.ASSOCIATED_SURGICAL_SERVICE} == set(Category)


def test_no_synonym_names_two_families() -> None:
    owners: dict[str, str] = {}
    for family in load_vocabulary().services.families:
        for synonym in family.synonyms:
            assert owners.setdefault(synonym.lower(), family.id) == family.id, synonym


def test_every_synonym_alone_parses_to_its_own_family() -> None:
    families = load_vocabulary().services.families
    pairs = [(s, f.id) for f in families for s in f.synonyms]
    wrong = [(s, family, parse(s).family) for s, family in pairs if parse(s).family != family]
    assert wrong == []


def test_every_kind_of_surgery_alone_parses_to_surgery_of_a_kind_with_that_name() -> None:
    kinds = load_vocabulary().surgery.kinds
    wrong = []
    for kind in kinds:
        for synonym in kind.synonyms:
            text = synonym if kind.body_part is None else f"{synonym} of the {kind.body_part}"
            request = parse(text)
            named = {
                other.id
                for other in kinds
                if synonym in other.synonyms and other.body_part in {None, kind.body_part}
            }
            chosen = next((k for k in kinds if k.id == request.surgery_kind), None)
            if chosen is None or chosen.id not in named or request.family != "surgery":
                wrong.append((text, request.family, request.surgery_kind))
    assert wrong == []


def test_every_drug_name_and_brand_alone_parses_to_that_drug() -> None:
    drugs = load_vocabulary().drugs
    written = [(name, drug.name) for drug in drugs.drugs for name in [drug.name, *drug.synonyms]]
    written += [(brand.brand, brand.generic) for brand in drugs.brands]
    wrong = [(text, drug, parse(text).drug) for text, drug in written if parse(text).drug != drug]
    assert wrong == []


def test_every_body_part_word_names_its_region() -> None:
    regions = load_vocabulary().anatomy.regions
    wrong = [
        (word, region.region)
        for region in regions
        for word in region.words
        if region.region not in parse(f"MRI of the {word}").body_parts
    ]
    assert wrong == []


@pytest.mark.parametrize(
    ("brand", "generic", "family"),
    [
        ("Norco", "hydrocodone/acetaminophen", "opioid"),  # combination opioid
        ("Percocet", "oxycodone/acetaminophen", "opioid"),
        ("Ultram", "tramadol", "opioid"),
        ("Flexeril", "cyclobenzaprine", "muscle_relaxant"),
        ("Norflex", "orphenadrine", "muscle_relaxant"),
        ("Soma", "carisoprodol", "muscle_relaxant"),
        ("Zanaflex", "tizanidine", "muscle_relaxant"),
        ("Robaxin", "methocarbamol", "muscle_relaxant"),
        ("Skelaxin", "metaxalone", "muscle_relaxant"),
        ("Lidoderm", "lidocaine", "lidocaine_patch"),  # a patch by default
        ("Voltaren", "diclofenac", "nsaid"),  # oral unless a topical form is written
        ("Flector", "diclofenac", "topical_analgesic"),  # a patch by default
        ("Mobic", "meloxicam", "nsaid"),
        ("Naprosyn", "naproxen", "nsaid"),
        ("Anaprox", "naproxen", "nsaid"),
        ("Motrin", "ibuprofen", "nsaid"),
        ("Prilosec", "omeprazole", "proton_pump_inhibitor"),
        ("Protonix", "pantoprazole", "proton_pump_inhibitor"),
        ("Pepcid", "famotidine", "h2_blocker"),
        ("Neurontin", "gabapentin", "anticonvulsant"),
        ("Lyrica", "pregabalin", "anticonvulsant"),
        ("Cymbalta", "duloxetine", "antidepressant"),
        ("Elavil", "amitriptyline", "antidepressant"),
        ("Ambien", "zolpidem", "sleep_aid"),
        ("Zofran", "ondansetron", "antiemetic"),
        ("Wellbutrin", "bupropion", "antidepressant"),
        ("Fioricet", "butalbital/acetaminophen/caffeine", "barbiturate_analgesic"),
        ("Deprizine", "ranitidine", "compounded_oral"),  # compounding kit: ranitidine suspension
        ("Fanatrex", "gabapentin", "compounded_oral"),  # gabapentin suspension
        ("Synapryn", "tramadol", "compounded_oral"),  # tramadol suspension
        ("Tabradol", "cyclobenzaprine", "compounded_oral"),  # cyclobenzaprine suspension
        ("Dicopanol", "diphenhydramine", "compounded_oral"),  # diphenhydramine suspension
        ("Ketophene", "ketoprofen", "compounded_topical"),  # ketoprofen cream
        ("Trezix", "acetaminophen/caffeine/dihydrocodeine", "opioid"),
        ("Theramine", "theramine", "medical_food"),  # a medical food
    ],
)
def test_a_brand_parses_to_its_generic_and_family(brand: str, generic: str, family: str) -> None:
    request = parse(brand)
    assert (request.drug, request.family, request.category) == (generic, family, "medication")


@pytest.mark.parametrize(
    ("file", "text", "message"),
    [
        (  # a category outside the closed set
            "service_families.yaml",
            "families:\n  - id: mri\n    category: imagery\n",
            "service_families.yaml: families[0].category: Input should be 'medication', 'physical",
        ),
        (  # an unknown key
            "service_families.yaml",
            "families:\n  - id: mri\n    category: imaging\n    colour: red\n",
            "service_families.yaml: families[0].colour: Extra inputs are not permitted",
        ),
        (  # the same id twice
            "service_families.yaml",
            "families:\n  - {id: mri, category: imaging}\n  - {id: mri, category: imaging}\n",
            "service_families.yaml: families[1]: duplicate 'mri'",
        ),
        (  # a brand whose generic is not a known drug
            "drugs.yaml",
            "classes: []\ndrugs: []\nbrands:\n  - {brand: Norco, generic: hydrocodone}\n"
            "forms: {}\noral_forms: []\ntopical_forms: []\n",
            "drugs.yaml: brands[0].generic: unknown drug 'hydrocodone'",
        ),
        (  # an id that is not snake_case
            "surgeries.yaml",
            "kinds:\n  - id: Bad Id\n    synonyms: []\n",
            "surgeries.yaml: kinds[0].id: String should match pattern",
        ),
        (  # a required field missing
            "body_regions.yaml",
            "regions: []\n",
            "body_regions.yaml: sides: Field required",
        ),
        (  # not YAML at all
            "service_families.yaml",
            "families: [\n",
            "service_families.yaml: not valid YAML:",
        ),
        (  # nothing in the file
            "drugs.yaml",
            "",
            "drugs.yaml: the file is empty",
        ),
    ],
)
def test_a_malformed_file_is_refused_naming_the_file_and_the_field(
    file: str, text: str, message: str
) -> None:
    with pytest.raises(VocabularyError) as raised:
        parse_vocabulary_file(file, text)
    assert str(raised.value).startswith(message)
    assert raised.value.file == file


def test_a_vocabulary_error_is_an_openimr_error() -> None:
    assert issubclass(VocabularyError, OpenIMRError)


def test_the_public_api_is_exactly_what_all_lists() -> None:
    assert sorted(requests.__all__) == [
        "Category",
        "Laterality",
        "Phase",
        "Request",
        "parse",
        "parse_item",
        "parse_items",
    ]
