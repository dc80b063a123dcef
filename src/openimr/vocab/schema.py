"""The request vocabularies, kept as YAML data in ``openimr/requests/data/`` and checked on load.

Four files, each validated by the pydantic model of the same name below:

- ``services.yaml``: service families (id, category, what they are counted in, the words that name
  them): "Chirophysio therapy" and "Spinal manipulation" both name ``chiropractic``.
- ``surgery.yaml``: kinds of surgery, most specific first ("rotator cuff repair" before
  "shoulder arthroscopy").
- ``anatomy.yaml``: body-part words to normalised regions ("low back" is the lumbar spine) and
  the words for each side.
- ``drugs.yaml``: drug classes, generic drugs, brands (Norco is hydrocodone/acetaminophen) and
  dosage forms.

A malformed file raises VocabularyError naming the file and the field::

    services.yaml: families[3].category: Input should be 'medication', 'physical medicine', ...
"""

from __future__ import annotations

import functools
from importlib import resources
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from openimr.errors import VocabularyError
from openimr.requests.model import Category, Phase

__all__ = [
    "Anatomy",
    "Brand",
    "Drug",
    "DrugClass",
    "Drugs",
    "Family",
    "Phase",
    "Region",
    "Services",
    "Surgery",
    "SurgeryKind",
    "Vocabulary",
    "VocabularyError",
    "load_vocabulary",
    "parse_vocabulary_file",
]

_Id = Field(pattern=r"^[a-z][a-z0-9_]*$")


class _Data(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Family(_Data):
    """A service family: "physical_therapy" is named by "physical therapy", "PT", "physiotherapy".

    ``weak_synonyms`` name the family only when no ordinary synonym of another family is in the
    request ("Lumbar support" is a brace; "Spine surgery evaluation" is a consultation, not
    surgery). ``counted_in`` says whether a bare count ("#6", "x 3") is sessions or units.
    """

    id: str = _Id
    category: Category
    counted_in: Literal["sessions", "units"] = "units"
    synonyms: list[str] = Field(default_factory=list)
    weak_synonyms: list[str] = Field(default_factory=list)
    perioperative: Phase | None = None
    surgical_only: bool = False

    @model_validator(mode="after")
    def _surgical_only_has_a_phase(self) -> Family:
        if self.surgical_only and self.perioperative is None:
            raise ValueError("surgical_only: a service only done for a surgery needs its phase")
        return self


class Services(_Data):
    """services.yaml: every service family, in no particular order.

    ``ignored_phrases`` are blanked out before matching: they say how a service is done, not which
    ("Facet injection under fluoroscopy", "Cortisone injection ultrasound guided").
    """

    ignored_phrases: list[str] = Field(default_factory=list)
    families: list[Family]

    @model_validator(mode="after")
    def _ids_are_unique(self) -> Services:
        _require_unique([family.id for family in self.families], "families")
        return self


class SurgeryKind(_Data):
    """A kind of surgery; ``body_part`` limits it to requests naming that region ("arthroscopy").

    ``region`` is the region it is always done on (a total knee arthroplasty, the knee), for
    requests that name no region ("Right TKA").
    """

    id: str = _Id
    synonyms: list[str]
    body_part: str | None = None
    region: str | None = None


class Surgery(_Data):
    """surgery.yaml: kinds of surgery, the most specific first; the first found is surgery_kind."""

    kinds: list[SurgeryKind]

    @model_validator(mode="after")
    def _ids_are_unique(self) -> Surgery:
        _require_unique([kind.id for kind in self.kinds], "kinds")
        return self


class Region(_Data):
    """A normalised body region and the words that name it ("low back" → "lumbar spine")."""

    region: str
    words: list[str]


class Anatomy(_Data):
    """anatomy.yaml: body regions and side words.

    ``side_abbreviations`` ("L", "Rt") count only when a body part follows ("L knee"), so that
    "L4-5" is a level and not a side.
    """

    regions: list[Region]
    sides: dict[Literal["left", "right", "bilateral"], list[str]]
    side_abbreviations: dict[Literal["left", "right", "bilateral"], list[str]] = Field(
        default_factory=dict
    )


class DrugClass(_Data):
    """A drug class and the service family its drugs fall under (``local_anesthetic`` → topical).

    ``topical_family`` is the family in a topical form (an NSAID gel is a topical analgesic); a
    ``secondary`` class gives way to another in a combination (acetaminophen/codeine is an opioid).
    """

    id: str = _Id
    family: str = _Id
    topical_family: str | None = Field(default=None, pattern=r"^[a-z][a-z0-9_]*$")
    secondary: bool = False


class Drug(_Data):
    """A generic drug ("cyclobenzaprine"), its class, and other names written for it ("APAP")."""

    name: str
    drug_class: str = _Id
    synonyms: list[str] = Field(default_factory=list)
    family_by_form: dict[str, str] = Field(default_factory=dict)


class Brand(_Data):
    """A brand and what it is: Norco is hydrocodone/acetaminophen, an opioid.

    ``compounded`` marks compounded products: "topical" (Ketophene cream) or "oral" (the Synapryn
    suspension kit); ``form`` is the form when the letter does not say (Lidoderm is a patch).
    """

    brand: str
    generic: str
    drug_class: str | None = None
    form: str | None = None
    compounded: Literal["topical", "oral"] | None = None
    extended_release: bool = False


class Drugs(_Data):
    """drugs.yaml: classes, generic drugs, brands and dosage forms."""

    classes: list[DrugClass]
    drugs: list[Drug]
    brands: list[Brand]
    forms: dict[str, list[str]]
    oral_forms: list[str]
    topical_forms: list[str]

    @model_validator(mode="after")
    def _references_resolve(self) -> Drugs:
        class_ids = [drug_class.id for drug_class in self.classes]
        _require_unique(class_ids, "classes")
        _require_unique([drug.name for drug in self.drugs], "drugs")
        _require_unique([brand.brand.lower() for brand in self.brands], "brands")
        for index, drug in enumerate(self.drugs):
            if drug.drug_class not in class_ids:
                raise ValueError(f"drugs[{index}].drug_class: unknown class {drug.drug_class!r}")
        names = {drug.name for drug in self.drugs}
        for index, brand in enumerate(self.brands):
            if brand.drug_class is not None and brand.drug_class not in class_ids:
                raise ValueError(f"brands[{index}].drug_class: unknown class {brand.drug_class!r}")
            for part in brand.generic.split("/"):
                if part not in names:
                    raise ValueError(f"brands[{index}].generic: unknown drug {part!r}")
            if brand.form is not None and brand.form not in self.forms:
                raise ValueError(f"brands[{index}].form: unknown form {brand.form!r}")
        for key in ("oral_forms", "topical_forms"):
            for index, form in enumerate(getattr(self, key)):
                if form not in self.forms:
                    raise ValueError(f"{key}[{index}]: unknown form {form!r}")
        return self


class Vocabulary(_Data):
    """All four vocabularies, loaded together and checked against each other."""

    services: Services
    surgery: Surgery
    anatomy: Anatomy
    drugs: Drugs


def _require_unique(ids: list[str], where: str) -> None:
    seen: set[str] = set()
    for index, value in enumerate(ids):
        if value in seen:
            raise ValueError(f"{where}[{index}]: duplicate {value!r}")
        seen.add(value)


_FILES: dict[str, type[_Data]] = {
    "services.yaml": Services,
    "surgery.yaml": Surgery,
    "anatomy.yaml": Anatomy,
    "drugs.yaml": Drugs,
}


def parse_vocabulary_file(file: str, text: str) -> Any:
    """Validate one vocabulary file's text against its model.

    Args:
        file: the file name, which picks the model ("drugs.yaml").
        text: the YAML text.

    Returns:
        The validated model (Services, Surgery, Anatomy or Drugs).

    Raises:
        VocabularyError: the YAML is invalid or a field is wrong; the message names the file and
            the key path, e.g. ``drugs.yaml: brands[2].generic: Field required``.
    """
    model = _FILES[file]
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise VocabularyError(file, f"not valid YAML: {error}") from error
    if data is None:
        raise VocabularyError(file, "the file is empty")
    try:
        return model.model_validate(data)
    except ValidationError as error:
        raise VocabularyError(file, _describe(error)) from error


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    path = "".join(
        f"[{part}]" if isinstance(part, int) else f".{part}" for part in first["loc"]
    ).lstrip(".")
    message = first["msg"].removeprefix("Value error, ")
    return f"{path}: {message}" if path else message


@functools.cache
def load_vocabulary() -> Vocabulary:
    """Load the shipped vocabularies once per process and check their cross-references.

    Raises:
        VocabularyError: a file is malformed, or a family, class or region it names is unknown.
    """
    data = resources.files("openimr.requests") / "data"
    parsed = {
        file: parse_vocabulary_file(file, (data / file).read_text(encoding="utf-8"))
        for file in _FILES
    }
    vocabulary = Vocabulary(
        services=parsed["services.yaml"],
        surgery=parsed["surgery.yaml"],
        anatomy=parsed["anatomy.yaml"],
        drugs=parsed["drugs.yaml"],
    )
    _check_links(vocabulary)
    return vocabulary


def _check_links(vocabulary: Vocabulary) -> None:
    family_ids = {family.id for family in vocabulary.services.families}
    for index, drug_class in enumerate(vocabulary.drugs.classes):
        for key, value in (
            ("family", drug_class.family),
            ("topical_family", drug_class.topical_family),
        ):
            if value is not None and value not in family_ids:
                raise VocabularyError(
                    "drugs.yaml", f"classes[{index}].{key}: unknown family {value!r}"
                )
    for index, drug in enumerate(vocabulary.drugs.drugs):
        for form, family in drug.family_by_form.items():
            if family not in family_ids:
                raise VocabularyError(
                    "drugs.yaml",
                    f"drugs[{index}].family_by_form.{form}: unknown family {family!r}",
                )
    regions = {region.region for region in vocabulary.anatomy.regions}
    for index, kind in enumerate(vocabulary.surgery.kinds):
        for key in ("body_part", "region"):
            value = getattr(kind, key)
            if value is not None and value not in regions:
                raise VocabularyError(
                    "surgery.yaml", f"kinds[{index}].{key}: unknown region {value!r}"
                )
