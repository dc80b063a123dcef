"""The shape of the vocabulary files, checked on load: one pydantic model per file.

- ``service_families.yaml`` (ServiceFamilies): service families (id, category, what they are
  counted in, the words and abbreviations that name them, their phase around a surgery).
- ``surgeries.yaml`` (Surgeries): kinds of surgery, most specific first ("rotator cuff repair"
  before "shoulder arthroscopy").
- ``body_regions.yaml`` (BodyRegions): body regions, the words that name them ("low back" is the
  lumbar spine), the limb each belongs to, the spinal levels that stand for it, and side words.
- ``drugs.yaml`` (Drugs): drug classes, generic drugs and their abbreviations ("APAP"), brands
  (Norco is hydrocodone/acetaminophen) and dosage forms.
"""

from __future__ import annotations

from enum import Enum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = [
    "Brand",
    "BodyRegions",
    "Category",
    "Drug",
    "DrugClass",
    "Drugs",
    "Family",
    "Phase",
    "Region",
    "ServiceFamilies",
    "Side",
    "Surgeries",
    "SurgeryKind",
    "Vocabulary",
]


class Category(str, Enum):
    """The coarse kind of service a request is for, as the guidelines group them."""

    MEDICATION = "medication"
    PHYSICAL_MEDICINE = "physical medicine"
    IMAGING = "imaging"
    ELECTRODIAGNOSTICS = "electrodiagnostics"
    INJECTION = "injection"
    SURGERY = "surgery"
    ASSOCIATED_SURGICAL_SERVICE = "associated surgical service"
    DURABLE_MEDICAL_EQUIPMENT = "durable medical equipment"
    PSYCHOLOGICAL = "psychological"
    EVALUATION_AND_CONSULTATION = "evaluation and consultation"
    LABORATORY_AND_TESTING = "laboratory and testing"
    HOME_HEALTH_AND_FACILITY = "home health and facility"
    OTHER = "other"


Side = Literal["left", "right", "bilateral"]
Phase = Literal["pre-operative", "intra-operative", "post-operative"]
SpinalLevel = Literal["C", "T", "L", "S"]

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


class ServiceFamilies(_Data):
    """service_families.yaml: every service family, in no particular order.

    ``ignored_phrases`` are blanked out before matching: they say how a service is done, not which
    ("Facet injection under fluoroscopy", "Cortisone injection ultrasound guided").
    """

    ignored_phrases: list[str] = Field(default_factory=list)
    families: list[Family]

    @model_validator(mode="after")
    def _ids_are_unique(self) -> ServiceFamilies:
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


class Surgeries(_Data):
    """surgeries.yaml: kinds of surgery, the most specific first; the first found is surgery_kind."""

    kinds: list[SurgeryKind]

    @model_validator(mode="after")
    def _ids_are_unique(self) -> Surgeries:
        _require_unique([kind.id for kind in self.kinds], "kinds")
        return self


class Region(_Data):
    """A normalised body region and the words that name it ("low back" → "lumbar spine").

    ``limb`` is the limb region it belongs to, for criteria written per limb (the knee and the
    lumbar spine, whose nerves serve the leg, belong to the lower extremity); ``levels`` the
    letters of the spinal levels that stand for it ("L4-5" is the lumbar spine).
    """

    region: str
    words: list[str]
    limb: str | None = None
    levels: list[SpinalLevel] = Field(default_factory=list)


class BodyRegions(_Data):
    """body_regions.yaml: body regions and side words.

    ``side_abbreviations`` ("L", "Rt") count only when a body part follows ("L knee"), so that
    "L4-5" is a level and not a side.
    """

    regions: list[Region]
    sides: dict[Side, list[str]]
    side_abbreviations: dict[Side, list[str]] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _references_resolve(self) -> BodyRegions:
        names = [region.region for region in self.regions]
        _require_unique(names, "regions")
        for index, region in enumerate(self.regions):
            if region.limb is not None and region.limb not in names:
                raise ValueError(f"regions[{index}].limb: unknown region {region.limb!r}")
        owners: dict[str, str] = {}
        for index, region in enumerate(self.regions):
            for word in region.words:
                owner = owners.setdefault(word.lower(), region.region)
                if owner != region.region:
                    raise ValueError(f"regions[{index}].words: {word!r} also names {owner!r}")
        return self


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

    services: ServiceFamilies
    surgery: Surgeries
    anatomy: BodyRegions
    drugs: Drugs


def _require_unique(ids: list[str], where: str) -> None:
    seen: set[str] = set()
    for index, value in enumerate(ids):
        if value in seen:
            raise ValueError(f"{where}[{index}]: duplicate {value!r}")
        seen.add(value)
