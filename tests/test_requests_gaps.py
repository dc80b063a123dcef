"""Vocabulary gaps closed: drug brands and abbreviations, service abbreviations and synonyms,
services the parser did not know, and requests whose words name two services (a procedure must
never parse as a drug, nor one procedure as another)."""

from __future__ import annotations

import pytest

from openimr import vocab
from openimr.requests import parse


@pytest.mark.parametrize(
    ("text", "drug", "family"),
    [
        # opioids
        ("Tylenol #3 #60", "acetaminophen/codeine", "opioid"),
        ("Tylenol No. 3", "acetaminophen/codeine", "opioid"),
        ("Hysingla ER 20mg #30", "hydrocodone", "opioid"),
        ("Vicoprofen 7.5/200mg", "hydrocodone/ibuprofen", "opioid"),
        ("Roxicet 5/325", "oxycodone/acetaminophen", "opioid"),
        ("OxyIR 5mg", "oxycodone", "opioid"),
        ("MSIR 15mg #60", "morphine", "opioid"),
        ("ConZip 100mg", "tramadol", "opioid"),
        ("Belbuca 150mcg", "buprenorphine", "opioid"),
        ("Dolophine 10mg", "methadone", "opioid"),
        # NSAIDs
        ("Naprelan 750mg", "naproxen", "nsaid"),
        ("EC-Naprosyn 500mg", "naproxen", "nsaid"),
        ("Feldene 20mg", "piroxicam", "nsaid"),
        ("Indocin 25mg", "indomethacin", "nsaid"),
        ("Arthrotec 75mg", "diclofenac/misoprostol", "nsaid"),
        ("Zorvolex 35mg", "diclofenac", "nsaid"),
        ("ASA 81mg", "aspirin", "nsaid"),
        # muscle relaxants
        ("Lorzone 750mg", "chlorzoxazone", "muscle_relaxant"),
        ("Norgesic Forte", "orphenadrine/aspirin/caffeine", "muscle_relaxant"),
        # anticonvulsants and antidepressants
        ("Horizant 600mg", "gabapentin", "anticonvulsant"),
        ("Savella 50mg", "milnacipran", "antidepressant"),
        ("Tofranil 25mg", "imipramine", "antidepressant"),
        ("Trintellix 10mg", "vortioxetine", "antidepressant"),
        # PPIs
        ("Zegerid 40mg", "omeprazole/sodium bicarbonate", "proton_pump_inhibitor"),
        # topicals
        ("ZTlido 1.8% patch", "lidocaine", "lidocaine_patch"),
        ("Qutenza", "capsaicin", "topical_analgesic"),
        ("Icy Hot", "menthol", "topical_analgesic"),
        ("Solaraze gel", "diclofenac", "topical_analgesic"),
        ("EMLA cream", "lidocaine/prilocaine", "topical_analgesic"),
        # sleep aids
        ("Edluar 10mg", "zolpidem", "sleep_aid"),
        ("Silenor 6mg", "doxepin", "sleep_aid"),  # the insomnia brand of doxepin
        ("Unisom", "doxylamine", "sleep_aid"),
        ("Halcion 0.25mg", "triazolam", "benzodiazepine"),
        # around a surgery
        ("Keflex 500mg #28", "cephalexin", "antibiotic"),
        ("Augmentin 875mg", "amoxicillin/clavulanate", "antibiotic"),
        ("Lovenox 40mg", "enoxaparin", "anticoagulant"),
        ("Xarelto 10mg #14", "rivaroxaban", "anticoagulant"),
        # other
        ("Miralax", "polyethylene glycol", "other_medication"),
        ("Narcan nasal spray", "naloxone", "other_medication"),
    ],
)
def test_a_brand_or_abbreviation_reads_as_its_generic_drug(
    text: str, drug: str, family: str
) -> None:
    request = parse(text)
    assert (request.drug, request.family, request.category) == (drug, family, "medication")


def test_a_brand_name_with_a_number_is_no_quantity() -> None:
    request = parse("Tylenol #3 #60")
    assert (request.quantity, request.drug) == (60, "acetaminophen/codeine")


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("PT 2x6 lumbar spine", "physical_therapy"),
        ("OT x 8 right hand", "occupational_therapy"),
        ("TENS unit", "tens"),
        ("H-wave unit 30 day trial", "h_wave"),
        ("Home H wave device", "h_wave"),
        ("Lumbar ESI L4-5", "epidural_steroid_injection"),
        ("Right L5 TFESI", "epidural_steroid_injection"),
        ("RFA right L3-5", "radiofrequency_ablation"),
        ("Bilateral L4-5 MBB", "medial_branch_block"),
        ("EMG/NCV bilateral lower extremities", "emg_ncs"),
        ("NCS right upper extremity", "emg_ncs"),
        ("FCE", "functional_capacity_evaluation"),
        ("CBT 6 sessions", "psychotherapy"),
        ("UDS", "urine_drug_testing"),
        ("Utox", "urine_drug_testing"),
        ("DME: shower chair", "crutches_walker"),
        ("Right knee TKA", "surgery"),
        ("Left THA", "surgery"),
        ("CMT 6 visits", "chiropractic"),
        ("IF unit", "electrical_stimulation"),
        ("LSO brace", "brace"),
        ("AFO left", "brace"),
        ("FWW", "crutches_walker"),
        ("Kinesio tape", "dme_other"),
        ("Pain psychology 6 sessions", "psychotherapy"),
        # services the parser did not know
        ("Aquatic therapy 2x4 for the low back", "aquatic_therapy"),
        ("Pool therapy x 6", "aquatic_therapy"),
        ("Speech therapy 12 sessions", "speech_therapy"),
        ("Yoga classes x 8", "yoga"),
        ("Low level laser therapy to the neck x 6", "laser_therapy"),
        ("Anesthesia services", "anesthesia"),
        ("Dorsal column stimulator trial", "spinal_cord_stimulator"),
    ],
)
def test_a_service_abbreviation_or_synonym_names_its_family(text: str, family: str) -> None:
    assert parse(text).family == family


@pytest.mark.parametrize(
    ("text", "family"),
    [
        # a drug injected into a joint is the procedure
        ("Kenalog injection to the right knee", "joint_injection"),
        ("Lidocaine and Depo-Medrol injection, left shoulder", "joint_injection"),
        ("Cortisone injection right knee", "joint_injection"),
        ("Ultrasound-guided cortisone injection, right shoulder", "joint_injection"),
        # a procedure written with its drug
        ("Epidural steroid injection with Depo-Medrol L4-5", "epidural_steroid_injection"),
        ("Trigger point injections with Kenalog", "trigger_point_injection"),
        ("Botox injection to the neck", "botox_injection"),
        ("Lidocaine trigger point injections x 4", "trigger_point_injection"),  # drug first
        ("Depo-Medrol and lidocaine epidural injection L5-S1", "epidural_steroid_injection"),
        # the drug itself, given by injection
        ("Toradol 60mg IM injection", "nsaid"),
        ("Depo-Medrol 80mg IM", "other_medication"),
        ("Vitamin B12 injection", "other_medication"),
    ],
)
def test_a_procedure_never_parses_as_its_drug(text: str, family: str) -> None:
    assert parse(text).family == family


@pytest.mark.parametrize(
    ("text", "family"),
    [
        ("Lumbar facet radiofrequency ablation L3-5", "radiofrequency_ablation"),
        ("Medial branch radiofrequency neurotomy", "radiofrequency_ablation"),
        ("Diagnostic medial branch block L4-5", "medial_branch_block"),
        ("Facet joint injection L4-5", "facet_injection"),
        ("Genicular nerve block", "nerve_block"),
        ("Genicular radiofrequency ablation, right knee", "radiofrequency_ablation"),
        ("Selective nerve root block L5", "epidural_steroid_injection"),
        ("Right shoulder ultrasound", "diagnostic_ultrasound"),  # a test
        ("Ultrasound of the left wrist", "diagnostic_ultrasound"),
        ("Ultrasound 2 times a week for 4 weeks", "ultrasound_therapy"),  # counted: a treatment
        ("Therapeutic ultrasound", "ultrasound_therapy"),
        ("Manipulation under anesthesia, left shoulder", "surgery"),  # not chiropractic
        ("CT myelogram of the lumbar spine", "ct"),
        ("X-ray guided right hip injection", "joint_injection"),  # guidance is no x-ray
        ("EMG guided Botox injections", "botox_injection"),  # nor an EMG
        ("Trigger finger injection, right ring finger", "joint_injection"),
        ("Left trochanteric bursa injection", "joint_injection"),
    ],
)
def test_one_procedure_does_not_parse_as_another(text: str, family: str) -> None:
    assert parse(text).family == family


def test_every_new_family_is_in_the_vocabulary_with_its_category() -> None:
    expected = {
        "aquatic_therapy": "physical medicine",
        "speech_therapy": "physical medicine",
        "yoga": "physical medicine",
        "laser_therapy": "physical medicine",
        "anesthesia": "associated surgical service",
        "antibiotic": "medication",
        "anticoagulant": "medication",
    }
    assert {f: vocab.family(f).category.value for f in expected} == expected


def _injection_synonyms() -> list[tuple[str, str]]:
    return [
        (synonym, family.id)
        for family in vocab.families()
        if family.category is vocab.Category.INJECTION
        for synonym in family.synonyms
    ]


@pytest.mark.parametrize(
    "written",
    ["{} with lidocaine", "Lidocaine {}", "Kenalog {}", "{} with Depo-Medrol and Marcaine"],
)
def test_no_injection_procedure_parses_as_the_drug_it_injects(written: str) -> None:
    wrong = [
        (written.format(synonym), parse(written.format(synonym)).family)
        for synonym, family in _injection_synonyms()
        if parse(written.format(synonym)).family != family
    ]
    assert wrong == []


@pytest.mark.parametrize(
    "written",
    [
        "{} under fluoroscopy",
        "Ultrasound-guided {}",
        "{} with ultrasound guidance",
        "X-ray guided {}",
        "{} under CT guidance",
    ],
)
def test_the_guidance_of_an_injection_is_no_second_service(written: str) -> None:
    wrong = [
        (written.format(synonym), parse(written.format(synonym)).family)
        for synonym, family in _injection_synonyms()
        if parse(written.format(synonym)).family != family
    ]
    assert wrong == []
