"""A synthetic HealthDCAT-AP catalogue for the benchmark: N datasets as N-Quads, each in its own named graph.

Each dataset graph is shaped like the seeds and passes the project's shapes on its own (``tests/bench``): the dataset
(~35 triples: titles, a 30-60 word description from a health vocabulary, keywords, themes, health categories and
theme, coding systems, standards, countries, ages, individuals, dates), 1-3 distributions, and the publisher, custodian
and health data access body with their names and contact points, as HealthDCAT-AP demands of a document validated
alone. Concepts are the real IRIs of ``ontologies/vocabularies``, so that search filters accept them.

Most datasets name a usage policy with ``odrl:hasPolicy``, as the seeds do, chosen by their access rights from a few
shared ODRL Offers (:data:`POLICIES`: the standard conditions of the health data access bodies; a share of the public
datasets name none). The file also holds those policies and the self-description of one requester, a research
institute in Seoul (:data:`REQUESTER`), each in its own graph, so that ``eligibleDatasets`` has something to decide.

Deterministic: dataset ``i`` depends only on the seed and ``i``, so the first 10,000 datasets of the 100,000 file are
the 10,000 file. Run ``python -m bench.generate N OUT.nq`` to write one by hand.
"""

from __future__ import annotations

import random
import sys
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from hdsgraph.core.config import project_root
from hdsgraph.core.vocab import GX, HDS, ODRL, GraphNames

__all__ = [
    "GENERATOR_VERSION",
    "POLICIES",
    "REQUESTER",
    "SEED",
    "Vocabularies",
    "cached_catalogue",
    "catalogue_quads",
    "dataset_quads",
    "shared_quads",
    "write_catalogue",
]

# Bump when the output changes, so that cached files are not reused.
GENERATOR_VERSION = 3
SEED = 20_260_101
BASE = "https://bench.hdsgraph.org/"
PARTICIPANTS = 500
CACHE_DIR = Path(__file__).resolve().parent / ".cache"

_EU = "http://publications.europa.eu/resource/authority/"
_HEALTH = "https://hdeu-dcat.data.health.europa.eu/resource/authority/"
_EHDS = "http://data.europa.eu/eli/reg/2025/327/oj"
_SKOS_IN_SCHEME = "http://www.w3.org/2004/02/skos/core#inScheme"
_SKOS_PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"

_RDF_TYPE = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
_XSD = "http://www.w3.org/2001/XMLSchema#"
DCAT = "http://www.w3.org/ns/dcat#"
DCT = "http://purl.org/dc/terms/"
FOAF = "http://xmlns.com/foaf/0.1/"
CV = "http://data.europa.eu/m8g/"
VCARD = "http://www.w3.org/2006/vcard/ns#"
HEALTHDCATAP = "http://healthdataportal.eu/ns/health#"
GEODCATAP = "http://data.europa.eu/930/"
DCATAP = "http://data.europa.eu/r5r/"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_DASH = "\N{EN DASH}"  # titles are written as the seeds write them


@dataclass(frozen=True)
class Vocabularies:
    """Concept IRIs by scheme, and English labels, read from the checkout's vocabularies."""

    concepts: dict[str, frozenset[str]]
    labels: dict[str, str]

    @classmethod
    def load(cls, ontologies_dir: Path | None = None) -> Vocabularies:
        root = (ontologies_dir or project_root() / "ontologies") / "vocabularies"
        concepts: dict[str, set[str]] = defaultdict(set)
        labels: dict[str, str] = {}
        for path in sorted(root.glob("*.ttl")):
            for q in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
                if q.predicate.value == _SKOS_IN_SCHEME:
                    concepts[q.object.value].add(q.subject.value)
                elif q.predicate.value == _SKOS_PREF_LABEL and getattr(q.object, "language", None) == "en":
                    labels[q.subject.value] = q.object.value
        return cls({k: frozenset(v) for k, v in concepts.items()}, labels)

    def pick(self, scheme: str, codes: tuple[str, ...]) -> tuple[str, ...]:
        """The IRIs ``<scheme>/<code>``; a code that the vocabulary does not hold is a generator bug."""
        iris = tuple(f"{scheme}/{code}" for code in codes)
        missing = [i for i in iris if i not in self.concepts.get(scheme, ())]
        if missing:
            raise ValueError(f"not concepts of <{scheme}>: {missing}")
        return iris


# -- the health vocabulary the texts are written from ------------------------------------------------------------


@dataclass(frozen=True)
class Topic:
    en: str
    fr: str
    de: str
    theme: str  # health-theme code
    words: tuple[str, ...]  # description vocabulary
    keywords: tuple[str, ...]
    coding: tuple[str, ...]  # coding-system codes


TOPICS = (
    Topic("breast cancer", "cancer du sein", "Brustkrebs", "CANCER_DISEASE",
          ("mammography", "HER2 status", "hormone receptors", "mastectomy", "adjuvant chemotherapy", "tumour size"),
          ("breast cancer", "oncology", "mammography screening", "tumour markers"), ("ICD-O", "ICD-10", "SNOMED-CT")),
    Topic("colorectal cancer", "cancer colorectal", "Darmkrebs", "CANCER_DISEASE",
          ("colonoscopy", "polyps", "KRAS mutations", "surgical resection", "faecal immunochemical test", "staging"),
          ("colorectal cancer", "oncology", "cancer screening", "colonoscopy"), ("ICD-O", "ICD-10", "LOINC")),
    Topic("lung cancer", "cancer du poumon", "Lungenkrebs", "CANCER_DISEASE",
          ("computed tomography", "EGFR mutations", "smoking history", "immunotherapy", "radiotherapy", "survival"),
          ("lung cancer", "oncology", "immunotherapy", "tumour genomics"), ("ICD-O", "ICD-10", "SNOMED-CT", "HGNC")),
    Topic("prostate cancer", "cancer de la prostate", "Prostatakrebs", "CANCER_DISEASE",
          ("PSA testing", "Gleason score", "biopsy", "androgen deprivation", "active surveillance", "prostatectomy"),
          ("prostate cancer", "oncology", "PSA", "urology"), ("ICD-O", "ICD-10", "LOINC")),
    Topic("bladder cancer", "cancer de la vessie", "Blasenkrebs", "CANCER_DISEASE",
          ("urothelial carcinoma", "cystectomy", "BCG instillation", "recurrence", "urine cytology", "TNM stage"),
          ("bladder cancer", "urothelial carcinoma", "oncology", "biomarkers"), ("ICD-O", "ICD-10", "SNOMED-CT")),
    Topic("leukaemia", "leucémie", "Leukämie", "CANCER_DISEASE",
          ("bone marrow", "blood counts", "stem cell transplantation", "minimal residual disease", "cytogenetics"),
          ("leukaemia", "haematology", "oncology", "stem cells"), ("ICD-O", "ICD-10", "HGNC", "HPO")),
    Topic("type 2 diabetes", "diabète de type 2", "Typ-2-Diabetes", "NONCOMMUNICABLE_DISEASES",
          ("HbA1c", "glucose monitoring", "insulin therapy", "metformin", "body mass index", "retinopathy"),
          ("diabetes", "type 2 diabetes", "metabolic disease", "glycaemic control"), ("ICD-10", "ATC", "LOINC")),
    Topic("type 1 diabetes", "diabète de type 1", "Typ-1-Diabetes", "NONCOMMUNICABLE_DISEASES",
          ("insulin pumps", "continuous glucose monitoring", "ketoacidosis", "HbA1c", "autoantibodies"),
          ("diabetes", "type 1 diabetes", "insulin", "paediatrics"), ("ICD-10", "ATC", "LOINC", "SNOMED-CT")),
    Topic("heart failure", "insuffisance cardiaque", "Herzinsuffizienz", "NONCOMMUNICABLE_DISEASES",
          ("ejection fraction", "echocardiography", "NT-proBNP", "hospital readmissions", "diuretics"),
          ("heart failure", "cardiology", "cardiovascular disease", "echocardiography"), ("ICD-10", "ATC", "LOINC")),
    Topic("atrial fibrillation", "fibrillation atriale", "Vorhofflimmern", "NONCOMMUNICABLE_DISEASES",
          ("electrocardiogram", "anticoagulation", "stroke risk", "wearable monitoring", "ablation"),
          ("atrial fibrillation", "cardiology", "arrhythmia", "wearables"), ("ICD-10", "ATC", "SNOMED-CT")),
    Topic("hypertension", "hypertension artérielle", "Bluthochdruck", "NONCOMMUNICABLE_DISEASES",
          ("blood pressure", "antihypertensive drugs", "kidney function", "cardiovascular risk", "salt intake"),
          ("hypertension", "cardiology", "blood pressure", "primary care"), ("ICD-10", "ATC", "ICPC-2")),
    Topic("myocardial infarction", "infarctus du myocarde", "Herzinfarkt", "NONCOMMUNICABLE_DISEASES",
          ("troponin", "coronary angiography", "percutaneous intervention", "cardiac rehabilitation", "mortality"),
          ("myocardial infarction", "cardiology", "coronary disease", "acute care"), ("ICD-10", "LOINC", "OPS")),
    Topic("stroke", "accident vasculaire cérébral", "Schlaganfall", "NONCOMMUNICABLE_DISEASES",
          ("thrombolysis", "brain imaging", "modified Rankin scale", "rehabilitation", "time to treatment"),
          ("stroke", "neurology", "cerebrovascular disease", "rehabilitation"), ("ICD-10", "SNOMED-CT", "DICOM-CT")),
    Topic("Parkinson's disease", "maladie de Parkinson", "Parkinson-Krankheit", "MENTAL_HEALTH",
          ("motor symptoms", "levodopa", "gait analysis", "genetic variants", "cognitive decline", "sleep"),
          ("Parkinson's disease", "neurology", "neurodegeneration", "movement disorders"), ("ICD-10", "HPO", "ATC")),
    Topic("multiple sclerosis", "sclérose en plaques", "Multiple Sklerose", "MENTAL_HEALTH",
          ("MRI lesions", "relapses", "disease-modifying therapy", "disability scores", "neurofilament light"),
          ("multiple sclerosis", "neurology", "MRI", "autoimmune disease"), ("ICD-10", "DICOM-CT", "ATC")),
    Topic("dementia", "démence", "Demenz", "MENTAL_HEALTH",
          ("Alzheimer's disease", "cognitive testing", "amyloid PET", "caregivers", "memory clinics"),
          ("dementia", "Alzheimer's disease", "neurology", "ageing"), ("ICD-10", "ICD-11", "SNOMED-CT")),
    Topic("epilepsy", "épilepsie", "Epilepsie", "MENTAL_HEALTH",
          ("seizures", "electroencephalography", "anti-seizure medication", "surgery", "genetic testing"),
          ("epilepsy", "neurology", "EEG", "seizures"), ("ICD-10", "ATC", "HPO")),
    Topic("depression", "dépression", "Depression", "MENTAL_HEALTH",
          ("PHQ-9 scores", "antidepressants", "psychotherapy", "suicidality", "primary care visits"),
          ("depression", "mental health", "psychiatry", "antidepressants"), ("ICD-10", "ATC", "ICPC-2")),
    Topic("schizophrenia", "schizophrénie", "Schizophrenie", "MENTAL_HEALTH",
          ("antipsychotics", "hospital admissions", "psychosis", "cognition", "social functioning"),
          ("schizophrenia", "mental health", "psychiatry", "psychosis"), ("ICD-10", "ATC", "SNOMED-CT")),
    Topic("asthma", "asthme", "Asthma", "RESPIRATORY_DISEASES",
          ("spirometry", "inhaled corticosteroids", "exacerbations", "allergy testing", "air quality"),
          ("asthma", "respiratory disease", "allergy", "paediatrics"), ("ICD-10", "ATC", "LOINC")),
    Topic("chronic obstructive pulmonary disease", "bronchopneumopathie chronique obstructive", "COPD",
          "RESPIRATORY_DISEASES",
          ("lung function", "smoking", "exacerbations", "oxygen therapy", "pulmonary rehabilitation"),
          ("COPD", "respiratory disease", "lung function", "smoking"), ("ICD-10", "ATC", "LOINC")),
    Topic("COVID-19", "COVID-19", "COVID-19", "RESPIRATORY_DISEASES",
          ("SARS-CoV-2 testing", "vaccination status", "intensive care", "long COVID", "viral variants"),
          ("COVID-19", "SARS-CoV-2", "infectious disease", "pandemic"), ("ICD-10", "LOINC", "SNOMED-CT")),
    Topic("influenza", "grippe", "Influenza", "IMMUNIZATION_DISEASES",
          ("seasonal vaccination", "sentinel surveillance", "laboratory confirmation", "hospitalisations"),
          ("influenza", "vaccination", "infectious disease", "surveillance"), ("ICD-10", "LOINC", "ATC")),
    Topic("tuberculosis", "tuberculose", "Tuberkulose", "RESPIRATORY_DISEASES",
          ("sputum culture", "drug susceptibility", "contact tracing", "treatment outcomes", "genotyping"),
          ("tuberculosis", "infectious disease", "surveillance", "genomics"), ("ICD-10", "LOINC", "SNOMED-CT")),
    Topic("HIV infection", "infection à VIH", "HIV-Infektion", "BLOOD_INFECTIONS",
          ("viral load", "CD4 counts", "antiretroviral therapy", "pre-exposure prophylaxis", "resistance testing"),
          ("HIV", "infectious disease", "antiretroviral therapy", "sexual health"), ("ICD-10", "LOINC", "ATC")),
    Topic("hepatitis C", "hépatite C", "Hepatitis C", "BLOOD_INFECTIONS",
          ("antiviral treatment", "liver fibrosis", "genotypes", "sustained virological response"),
          ("hepatitis C", "infectious disease", "liver disease", "antivirals"), ("ICD-10", "LOINC", "ATC")),
    Topic("antimicrobial resistance", "résistance aux antimicrobiens", "Antibiotikaresistenz", "ANTIMICROBIAL_CONTROL",
          ("bacterial isolates", "susceptibility testing", "antibiotic prescribing", "hospital infections"),
          ("antimicrobial resistance", "microbiology", "infection control", "antibiotics"),
          ("LOINC", "ATC", "SNOMED-CT")),
    Topic("pregnancy outcomes", "issues de grossesse", "Schwangerschaftsausgänge", "REPRODUCTIVE_HEALTH",
          ("gestational age", "birth weight", "caesarean section", "gestational diabetes", "maternal age"),
          ("pregnancy", "maternal health", "perinatal care", "birth registry"), ("ICD-10", "LOINC", "SNOMED-CT")),
    Topic("child growth", "croissance de l'enfant", "kindliches Wachstum", "LIFECOURSE_HEALTH",
          ("height and weight", "vaccination records", "developmental milestones", "school health checks"),
          ("child health", "paediatrics", "growth", "life course"), ("ICD-10", "LOINC", "ICF")),
    Topic("rare diseases", "maladies rares", "seltene Erkrankungen", "NONCOMMUNICABLE_DISEASES",
          ("phenotypes", "diagnostic odyssey", "exome sequencing", "orphan drugs", "patient registries"),
          ("rare diseases", "genetics", "phenotyping", "orphan drugs"), ("ORPHACODE", "ORDO", "HPO", "ICD-10")),
    Topic("rheumatoid arthritis", "polyarthrite rhumatoïde", "rheumatoide Arthritis", "NONCOMMUNICABLE_DISEASES",
          ("joint counts", "biologic therapy", "inflammation markers", "disease activity scores", "radiographs"),
          ("rheumatoid arthritis", "rheumatology", "autoimmune disease", "biologics"), ("ICD-10", "ATC", "LOINC")),
    Topic("inflammatory bowel disease", "maladies inflammatoires chroniques de l'intestin",
          "chronisch-entzündliche Darmerkrankungen", "NONCOMMUNICABLE_DISEASES",
          ("Crohn's disease", "ulcerative colitis", "endoscopy", "faecal calprotectin", "microbiome"),
          ("inflammatory bowel disease", "gastroenterology", "microbiome", "Crohn's disease"), ("ICD-10", "ATC")),
    Topic("chronic kidney disease", "maladie rénale chronique", "chronische Nierenerkrankung",
          "NONCOMMUNICABLE_DISEASES",
          ("eGFR", "dialysis", "kidney transplantation", "albuminuria", "blood pressure"),
          ("chronic kidney disease", "nephrology", "dialysis", "transplantation"), ("ICD-10", "LOINC", "UCUM")),
    Topic("obesity", "obésité", "Adipositas", "NUTRITION_SECURITY",
          ("body mass index", "diet", "physical activity", "bariatric surgery", "metabolic markers"),
          ("obesity", "nutrition", "physical activity", "metabolic health"), ("ICD-10", "LOINC", "ICF")),
    Topic("air pollution exposure", "exposition à la pollution de l'air", "Luftschadstoffbelastung",
          "ENVIRONMENTAL_HEALTH",
          ("particulate matter", "nitrogen dioxide", "residential address", "respiratory symptoms"),
          ("air pollution", "environmental health", "exposome", "respiratory health"), ("ICD-10", "UCUM")),
    Topic("hospital activity", "activité hospitalière", "Krankenhausleistungen", "HEALTH_SYSTEMS",
          ("admissions", "length of stay", "diagnosis-related groups", "bed occupancy", "waiting times"),
          ("hospital statistics", "health services", "quality indicators", "administrative data"),
          ("ICD-10", "PROC-CODES-NAT", "OPS")),
    Topic("medicines use", "consommation de médicaments", "Arzneimittelverbrauch", "HEALTH_PRODUCTS",
          ("prescriptions", "dispensing", "adverse drug reactions", "polypharmacy", "adherence"),
          ("pharmacoepidemiology", "medicines", "prescriptions", "drug safety"), ("ATC", "MEDDRA", "WHODRUG", "EDQM")),
    Topic("road traffic injuries", "traumatismes liés à la circulation", "Verkehrsunfallverletzungen",
          "INJURY_PREVENTION", ("emergency department visits", "injury severity", "trauma care", "helmet use"),
          ("injuries", "trauma", "emergency care", "road safety"), ("ICD-10", "ICD-11", "SNOMED-CT")),
    Topic("hearing loss", "perte auditive", "Hörverlust", "SENSORY_HEALTH",
          ("audiometry", "cochlear implants", "newborn hearing screening", "hearing aids", "noise exposure"),
          ("hearing loss", "audiology", "sensory health", "screening"), ("ICD-10", "LOINC", "ICF")),
)  # fmt: skip


@dataclass(frozen=True)
class Kind:
    en: str
    fr: str
    de: str
    keyword: str
    source: str  # where such data comes from, for the description
    standards: tuple[str, ...]


KINDS = (
    Kind("cohort", "cohorte", "Kohorte", "cohort study", "study visits and questionnaires", ("OMOP-CDM", "CDISC-SDTM")),
    Kind("registry", "registre", "Register", "registry", "hospital notifications and pathology reports",
         ("OMOP-CDM", "PHIRI", "HL7")),
    Kind("biobank collection", "collection de biobanque", "Biobanksammlung", "biobank", "blood and tissue specimens",
         ("MIABIS", "BEACON")),
    Kind("clinical trial data", "données d'essai clinique", "klinische Studiendaten", "clinical trial",
         "case report forms", ("CDISC-SDTM", "ECRIN-CRMDR")),
    Kind("health survey", "enquête de santé", "Gesundheitssurvey", "survey",
         "interviews and self-reported questionnaires", ("PHIRI",)),
    Kind("EHR extract", "extrait de dossiers patients", "EHR-Auszug", "electronic health records",
         "electronic health records of partner hospitals", ("FHIR", "OMOP-CDM", "OPENEHR", "ISO-13606-1")),
    Kind("claims data", "données de remboursement", "Abrechnungsdaten", "claims data", "insurance reimbursement claims",
         ("OMOP-CDM", "HL7")),
    Kind("imaging archive", "archive d'imagerie", "Bildarchiv", "medical imaging", "radiology and pathology images",
         ("DICOM", "FHIR")),
    Kind("genomic study", "étude génomique", "genomische Studie", "genomics",
         "whole-genome sequencing and genotyping arrays", ("BEACON", "FHIR")),
    Kind("surveillance data", "données de surveillance", "Surveillancedaten", "surveillance",
         "laboratory and physician notifications", ("HL7", "FHIR", "PHIRI")),
)  # fmt: skip

QUALIFIERS = (
    ("National", "nationale", "Nationale"),
    ("Regional", "régionale", "Regionale"),
    ("Multicentre", "multicentrique", "Multizentrische"),
    ("Prospective", "prospective", "Prospektive"),
    ("Retrospective", "rétrospective", "Retrospektive"),
    ("Paediatric", "pédiatrique", "Pädiatrische"),
    ("Population-based", "populationnelle", "Bevölkerungsbezogene"),
    ("Hospital-based", "hospitalière", "Krankenhausbasierte"),
    ("Longitudinal", "longitudinale", "Longitudinale"),
    ("Federated", "fédérée", "Föderierte"),
)
POPULATIONS = (
    ("adults", 18, 90),
    ("children and adolescents", 0, 17),
    ("older adults", 65, 100),
    ("women of reproductive age", 15, 49),
    ("patients of all ages", 0, 100),
    ("working-age adults", 18, 67),
    ("newborns and infants", 0, 2),
)
OMICS = ("whole-exome sequencing", "RNA sequencing", "proteomics", "metabolomics", "DNA methylation", "microbiome")
GENERIC = (
    "clinical data", "laboratory results", "medication", "comorbidities", "outcomes", "follow-up", "mortality",
    "hospital admissions", "quality of life", "socio-economic status", "lifestyle", "treatment response",
)  # fmt: skip
AIMS = (
    "to find biomarkers of disease progression",
    "to compare treatment strategies in routine care",
    "to estimate incidence and survival",
    "to support precision medicine research",
    "to evaluate screening programmes",
    "to train and validate prediction models",
    "to monitor quality of care",
    "to study risk factors and their interactions",
)
# (city, country code) of the synthetic participants, weighted towards the initiative's countries.
CITIES = (
    ("Luxembourg", "LUX"), ("Esch-sur-Alzette", "LUX"), ("Seoul", "KOR"), ("Goyang", "KOR"), ("Busan", "KOR"),
    ("Boston", "USA"), ("Bethesda", "USA"), ("Houston", "USA"), ("Paris", "FRA"), ("Strasbourg", "FRA"),
    ("Lyon", "FRA"), ("Berlin", "DEU"), ("Freiburg", "DEU"), ("Homburg", "DEU"), ("Heidelberg", "DEU"),
    ("Basel", "CHE"), ("Zurich", "CHE"), ("Brussels", "BEL"), ("Leuven", "BEL"), ("Amsterdam", "NLD"),
    ("Utrecht", "NLD"), ("Copenhagen", "DNK"), ("Stockholm", "SWE"), ("Helsinki", "FIN"), ("Oslo", "NOR"),
    ("Tallinn", "EST"), ("Vienna", "AUT"), ("Madrid", "ESP"), ("Barcelona", "ESP"), ("Lisbon", "PRT"),
    ("Milan", "ITA"), ("Rome", "ITA"), ("Dublin", "IRL"), ("Warsaw", "POL"), ("Prague", "CZE"), ("Tokyo", "JPN"),
    ("Toronto", "CAN"), ("London", "GBR"), ("Edinburgh", "GBR"), ("Athens", "GRC"),
)  # fmt: skip
ORGANISATIONS = (
    "University Hospital", "Institute of Health", "Cancer Centre", "Research Institute", "Medical University",
    "Public Health Agency", "Biobank", "Clinical Research Centre", "Heart Centre", "Health Insurance Fund",
    "Children's Hospital", "Neuroscience Centre", "Statistics Office", "Genomics Institute",
)  # fmt: skip
EXTRA_THEMES = ("TECH", "SOCI", "ENVI", "GOVE", "ECON")
FILE_TYPES = ("CSV", "PARQUET", "JSON", "XLSX", "PDF", "HDF", "SAS", "ZIP", "RDF_TURTLE", "DOCX")
LICENCES = ("CC_BY_4_0", "CC_BYNC_4_0", "CC_BYNCND_4_0", "CC0", "CC_BYSA_4_0", "ODC_BY")
ACCESS = (("PUBLIC", 0.3), ("RESTRICTED", 0.3), ("NON_PUBLIC", 0.4))
DATASET_TYPES = ("STATISTICAL", "SYNTHETIC_DATA", "TEST_DATA", "CODE_LIST")


@dataclass(frozen=True)
class Participant:
    iri: str
    name: str
    country: str  # country code
    host: str  # its web and e-mail domain


def participants() -> tuple[Participant, ...]:
    rng = random.Random(SEED)
    out = []
    for n in range(PARTICIPANTS):
        city, country = CITIES[n % len(CITIES)]
        kind = ORGANISATIONS[rng.randrange(len(ORGANISATIONS))]
        slug = f"org-{n:04d}"
        out.append(Participant(f"{BASE}participant/{slug}", f"{kind} {city} {n // len(CITIES) + 1}", country,
                               f"{slug}.example.org"))  # fmt: skip
    return tuple(out)


# -- policies and the requester ----------------------------------------------------------------------------------

_POLICY_PREFIXES = f"""@prefix odrl: <{ODRL}> . @prefix hds: <{HDS}> . @prefix dpv: <https://w3id.org/dpv#> .
@prefix dct: <{DCT}> .
"""
# (name within the policy, left operand, ODRL operator, right operands), in Turtle.
Constraint = tuple[str, str, str, tuple[str, ...]]
_HEALTH_RESEARCH: Constraint = ("purpose", "odrl:purpose", "isA", ("hds:HealthScientificResearch",))
_IN_SPE: Constraint = ("environment", "hds:processingEnvironment", "eq", ("hds:SecureProcessingEnvironment",))


@dataclass(frozen=True)
class PolicyTemplate:
    """An Offer permitting use under ``constraints``, from the health data access body of ``country``."""

    country: str
    title: str
    constraints: tuple[Constraint, ...] = ()
    attribution: bool = False  # a duty to attribute the health data access body
    no_distribution: bool = False  # a prohibition to distribute


POLICIES = {
    "open-attribution": PolicyTemplate("LUX", "Open use with attribution", attribution=True),
    "education": PolicyTemplate(
        "FRA",
        "Education in health or care, with attribution",
        (("purpose", "odrl:purpose", "isA", ("hds:EducationInHealthOrCare",)),),
        attribution=True,
    ),
    "research-eea": PolicyTemplate(
        "DEU",
        "Health research from the EEA in a secure processing environment",
        (_HEALTH_RESEARCH, ("jurisdiction", "hds:requesterJurisdiction", "isPartOf", ("hds:EEA",)), _IN_SPE),
        no_distribution=True,
    ),
    "research-adequate": PolicyTemplate(
        "LUX",
        "Health research from adequate jurisdictions in a secure processing environment",
        (
            _HEALTH_RESEARCH,
            ("jurisdiction", "hds:requesterJurisdiction", "isA", ("hds:AdequateJurisdiction",)),
            _IN_SPE,
        ),
        no_distribution=True,
    ),
    "data-permit": PolicyTemplate(
        "FRA",
        "Use under a data permit in a secure processing environment",
        (("permit", "hds:dataPermit", "isA", ("hds:DataPermit",)), _IN_SPE),
        no_distribution=True,
    ),
    "statistics-only": PolicyTemplate(
        "KOR",
        "Anonymised statistics for scientific research",
        (
            ("purpose", "odrl:purpose", "isA", ("dpv:ScientificResearch",)),
            ("form", "hds:dataForm", "eq", ("hds:AnonymisedStatisticalData",)),
        ),
    ),
    "public-health": PolicyTemplate(
        "DEU",
        "Public health purposes, for public sector bodies",
        (
            ("purpose", "odrl:purpose", "isA", ("hds:PublicInterestInPublicHealth",)),
            ("public-body", "hds:requesterOrganisationType", "isAnyOf", ("hds:PublicSectorBody",)),
        ),
    ),
    "algorithm-training": PolicyTemplate(
        "KOR",
        "Training and testing algorithms from the EU, on anonymised or pseudonymised data",
        (
            ("purpose", "odrl:purpose", "isA", ("hds:AlgorithmTrainingTestingEvaluation",)),
            ("jurisdiction", "hds:requesterJurisdiction", "isPartOf", ("hds:EU",)),
            _IN_SPE,
            ("form", "hds:dataForm", "isAnyOf", ("hds:AnonymisedData", "hds:PseudonymisedData")),
        ),
        no_distribution=True,
    ),
}
# Which policy a dataset names, by its access rights; None: no policy (open data published without one).
_POLICY_CHOICE: dict[str, tuple[tuple[str | None, float], ...]] = {
    "PUBLIC": ((None, 0.4), ("open-attribution", 0.45), ("education", 0.15)),
    "RESTRICTED": (("research-eea", 0.35), ("research-adequate", 0.35), ("data-permit", 0.3)),
    "NON_PUBLIC": (("statistics-only", 0.3), ("public-health", 0.2), ("algorithm-training", 0.2), ("data-permit", 0.3)),
}
REQUESTER = f"{BASE}participant/seoul-health-research-institute"


def policy_iri(name: str) -> str:
    return f"{BASE}policy/{name}"


def _policy_turtle(name: str) -> str:
    """The Offer ``name`` with its rules and constraints named (no blank nodes: the file is the same every run)."""
    t = POLICIES[name]
    p, a = policy_iri(name), f"{BASE}participant/hdab-{t.country.lower()}"
    lines = [
        f"<{p}> a odrl:Offer ; odrl:uid <{p}> ; odrl:assigner <{a}> ; odrl:profile hds:odrlProfile ;",
        f"  odrl:conflict odrl:prohibit ; dct:title {lang(t.title, 'en')} ; odrl:permission <{p}#use> .",
    ]
    use = [f"<{p}#use> odrl:action odrl:use"]
    if t.constraints:
        use.append("odrl:constraint " + " , ".join(f"<{p}#{c[0]}>" for c in t.constraints))
    if t.attribution:
        use.append(f"odrl:duty <{p}#attribution>")
        lines.append(f"<{p}#attribution> odrl:action odrl:attribute ; odrl:attributedParty <{a}> .")
    lines.append(" ; ".join(use) + " .")
    for local, left, operator, right in t.constraints:
        lines.append(
            f"<{p}#{local}> odrl:leftOperand {left} ; odrl:operator odrl:{operator} ; "
            f"odrl:rightOperand {' , '.join(right)} ."
        )
    if t.no_distribution:
        lines.append(f"<{p}> odrl:prohibition <{p}#no-distribution> .")
        lines.append(f"<{p}#no-distribution> odrl:action odrl:distribute .")
    return _POLICY_PREFIXES + "\n".join(lines) + "\n"


def _requester_turtle() -> str:
    r = REQUESTER
    return f"""@prefix foaf: <{FOAF}> . @prefix gx: <{GX}> . @prefix hds: <{HDS}> . @prefix vcard: <{VCARD}> .
<{r}> a gx:LegalPerson , foaf:Organization , foaf:Agent ; foaf:name "Seoul Health Data Research Institute"@en ;
  hds:organisationType hds:ResearchOrganisation ; hds:jurisdiction hds:KR ; gx:legalAddress <{r}#address> .
<{r}#address> a gx:Address ; gx:countryCode "KR" ; vcard:locality "Seoul" .
"""


def _as_quads(turtle: str, graph: str) -> list[str]:
    g = f"<{graph}>"
    return [
        f"{t.subject} {t.predicate} {t.object} {g} ." for t in ox.parse(turtle.encode(), format=ox.RdfFormat.TURTLE)
    ]


def shared_quads() -> list[list[str]]:
    """The graphs every catalogue holds besides its datasets: each policy, and the requester's self-description."""
    graphs = [_as_quads(_policy_turtle(name), GraphNames.for_resource(policy_iri(name))) for name in POLICIES]
    graphs.append(_as_quads(_requester_turtle(), GraphNames.for_resource(REQUESTER)))
    return graphs


# -- N-Quads -----------------------------------------------------------------------------------------------------


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")


def lang(text: str, tag: str) -> str:
    return f'"{_escape(text)}"@{tag}'


def plain(text: str) -> str:
    return f'"{_escape(text)}"'


def typed(lexical: str, datatype: str) -> str:
    return f'"{_escape(lexical)}"^^<{_XSD}{datatype}>'


class _Catalogue:
    """Everything the datasets share: vocabularies, participants, their health data access bodies."""

    def __init__(self, vocabularies: Vocabularies) -> None:
        v = vocabularies
        self.countries = {code: v.pick(f"{_EU}country", (code,))[0] for _, code in CITIES}
        self.country_names = {code: v.labels[iri] for code, iri in self.countries.items()}
        self.health_categories = tuple(sorted(v.concepts[f"{_HEALTH}healthcategories"]))
        self.heal = v.pick(f"{_EU}data-theme", ("HEAL",))[0]
        self.extra_themes = v.pick(f"{_EU}data-theme", EXTRA_THEMES)
        self.health_themes = {t.theme: v.pick(f"{_HEALTH}health-theme", (t.theme,))[0] for t in TOPICS}
        self.coding = {c: v.pick(f"{_HEALTH}coding-system", (c,))[0] for t in TOPICS for c in t.coding}
        self.standards = {s: v.pick(f"{_HEALTH}standard", (s,))[0] for k in KINDS for s in k.standards}
        self.file_types = v.pick(f"{_EU}file-type", FILE_TYPES)
        self.licences = v.pick(f"{_EU}licence", LICENCES)
        self.access = {name: v.pick(f"{_EU}access-right", (name,))[0] for name, _ in ACCESS}
        self.dataset_types = v.pick(f"{_EU}dataset-type", DATASET_TYPES)
        if _EHDS not in v.concepts.get("https://w3id.org/hdsgraph/ontology#LegislationScheme", ()):
            raise ValueError(f"<{_EHDS}> is not in the legislation vocabulary")
        self.participants = participants()


def _agent(q: list[str], g: str, iri: str, name: str, host: str, *, dataset_contact: bool = False) -> None:
    """An agent as HealthDCAT-AP wants it inside a dataset document: a name and exactly one cv:ContactPoint."""
    contact = f"{iri}#contact"
    q.append(f"<{iri}> {_RDF_TYPE} <{FOAF}Agent> {g} .")
    q.append(f"<{iri}> <{FOAF}name> {lang(name, 'en')} {g} .")
    q.append(f"<{iri}> <{CV}contactPoint> <{contact}> {g} .")
    q.append(f"<{contact}> {_RDF_TYPE} <{CV}ContactPoint> {g} .")
    q.append(f"<{contact}> <{CV}email> {plain('data@' + host)} {g} .")
    if dataset_contact:
        # The publisher's desk is the dataset's dcat:contactPoint too, which DCAT-AP wants as a vcard:Kind.
        q.append(f"<{contact}> {_RDF_TYPE} <{VCARD}Kind> {g} .")
        q.append(f"<{contact}> <{VCARD}hasEmail> <mailto:data@{host}> {g} .")


def _description(rng: random.Random, topic: Topic, kind: Kind, population: str, country: str) -> str:
    """30 to 60 words from the topic's, the kind's and a generic health vocabulary."""
    qualifier = QUALIFIERS[rng.randrange(len(QUALIFIERS))][0]
    words = rng.sample(topic.words, 3)
    generic = rng.sample(GENERIC, 3)
    sentences = [
        f"{qualifier} {kind.en} of {population} with {topic.en} in {country}, built from {kind.source}.",
        f"It records {words[0]}, {words[1]} and {words[2]}, together with {generic[0]} and {generic[1]}.",
        f"The aim is {rng.choice(AIMS)}.",
    ]
    if rng.random() < 0.35:
        sentences.append(f"Specimens were analysed with {rng.choice(OMICS)} and {rng.choice(OMICS)}.")
    sentences.append(f"Follow-up covers {generic[2]} every {rng.choice((3, 6, 12))} months.")
    sentences.append("Records are pseudonymised before release and available through the health data access body.")
    text: list[str] = []
    target = rng.randint(30, 60)
    for sentence in sentences:
        words_in = sentence.split()
        if len(text) >= 30 and len(text) + len(words_in) > target:
            break
        text.extend(words_in)
    return " ".join(text[:60])


def dataset_quads(i: int, shared: _Catalogue) -> list[str]:
    """The N-Quads lines of dataset ``i``'s graph."""
    rng = random.Random(SEED * 1_000_003 + i)
    slug = f"bench-{i:06d}"
    ds = f"{BASE}dataset/{slug}"
    g = f"<{GraphNames.for_resource(ds)}>"
    d = f"<{ds}>"
    topic = TOPICS[rng.randrange(len(TOPICS))]
    kind = KINDS[rng.randrange(len(KINDS))]
    qualifier = QUALIFIERS[rng.randrange(len(QUALIFIERS))]
    population, low, high = POPULATIONS[rng.randrange(len(POPULATIONS))]
    publisher = shared.participants[rng.randrange(len(shared.participants))]
    custodian = publisher if rng.random() < 0.8 else shared.participants[rng.randrange(len(shared.participants))]
    country = publisher.country
    country_name = shared.country_names[country]
    access = rng.choices([a for a, _ in ACCESS], weights=[w for _, w in ACCESS])[0]
    first_year = rng.randint(2005, 2024)

    q: list[str] = []
    add = q.append
    add(f"{d} {_RDF_TYPE} <{DCAT}Dataset> {g} .")
    title = f"{qualifier[0]} {topic.en[0].upper() + topic.en[1:]} {kind.en.title()} {_DASH} {country_name} {first_year}"
    add(f"{d} <{DCT}title> {lang(title, 'en')} {g} .")
    if rng.random() < 0.3:
        french = f"{kind.fr.capitalize()} {qualifier[1]} {_DASH} {topic.fr} ({first_year})"
        add(f"{d} <{DCT}title> {lang(french, 'fr')} {g} .")
        add(f"{d} <{DCT}title> {lang(f'{qualifier[2]} {kind.de}: {topic.de} ({first_year})', 'de')} {g} .")
    add(f"{d} <{DCT}description> {lang(_description(rng, topic, kind, population, country_name), 'en')} {g} .")
    add(f"{d} <{DCT}identifier> {plain(f'BENCH-{i:06d}')} {g} .")
    add(f"{d} <{DCT}accessRights> <{shared.access[access]}> {g} .")
    add(f"{d} <{DCATAP}applicableLegislation> <{_EHDS}> {g} .")
    add(f"{d} <{DCT}type> <{rng.choice(shared.dataset_types)}> {g} .")
    add(f"{d} <{DCT}publisher> <{publisher.iri}> {g} .")
    add(f"{d} <{GEODCATAP}custodian> <{custodian.iri}> {g} .")
    hdab = f"{BASE}participant/hdab-{country.lower()}"
    add(f"{d} <{HEALTHDCATAP}hdab> <{hdab}> {g} .")
    add(f"{d} <{DCAT}contactPoint> <{publisher.iri}#contact> {g} .")
    add(f"{d} <{DCAT}theme> <{shared.heal}> {g} .")
    if rng.random() < 0.4:
        add(f"{d} <{DCAT}theme> <{rng.choice(shared.extra_themes)}> {g} .")
    for category in rng.sample(shared.health_categories, rng.randint(1, 4)):
        add(f"{d} <{HEALTHDCATAP}healthCategory> <{category}> {g} .")
    add(f"{d} <{HEALTHDCATAP}healthTheme> <{shared.health_themes[topic.theme]}> {g} .")
    # Without repeats: a topic's keyword can also be one of its words, and a repeated triple is one triple.
    pool = list(dict.fromkeys([*topic.keywords, kind.keyword, *rng.sample(topic.words, 2), *rng.sample(OMICS, 1)]))
    for keyword in rng.sample(pool, min(len(pool), rng.randint(3, 8))):
        add(f"{d} <{DCAT}keyword> {lang(keyword, 'en')} {g} .")
    for code in rng.sample(topic.coding, rng.randint(1, min(3, len(topic.coding)))):
        add(f"{d} <{HEALTHDCATAP}hasCodingSystem> <{shared.coding[code]}> {g} .")
    for code in rng.sample(kind.standards, rng.randint(1, min(2, len(kind.standards)))):
        add(f"{d} <{DCT}conformsTo> <{shared.standards[code]}> {g} .")
    add(f"{d} <{DCT}spatial> <{shared.countries[country]}> {g} .")
    if rng.random() < 0.15:
        other = rng.choice(sorted(shared.countries))
        if other != country:
            add(f"{d} <{DCT}spatial> <{shared.countries[other]}> {g} .")
    add(f"{d} <{HEALTHDCATAP}minTypicalAge> {typed(str(low), 'nonNegativeInteger')} {g} .")
    add(f"{d} <{HEALTHDCATAP}maxTypicalAge> {typed(str(high), 'nonNegativeInteger')} {g} .")
    individuals = int(10 ** rng.uniform(2, 6.5))
    add(f"{d} <{HEALTHDCATAP}numberOfUniqueIndividuals> {typed(str(individuals), 'nonNegativeInteger')} {g} .")
    add(f"{d} <{HEALTHDCATAP}hasStructuredData> {typed('false', 'boolean')} {g} .")
    issued_year = min(2025, first_year + rng.randint(0, 3))
    issued = f"{issued_year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    modified = f"{rng.randint(issued_year, 2026)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    add(f"{d} <{DCT}issued> {typed(issued, 'date')} {g} .")
    add(f"{d} <{DCT}modified> {typed(max(issued, modified), 'date')} {g} .")
    if access == "NON_PUBLIC":
        provenance = f"<{ds}#provenance>"
        add(f"{d} <{DCT}provenance> {provenance} {g} .")
        add(f"{provenance} {_RDF_TYPE} <{DCT}ProvenanceStatement> {g} .")
        add(f"{provenance} <{RDFS_LABEL}> {lang(f'Collected from {kind.source}; pseudonymised.', 'en')} {g} .")
    for n in range(1, rng.choices((1, 2, 3), weights=(6, 3, 1))[0] + 1):
        dist = f"<{BASE}distribution/{slug}-{n}>"
        add(f"{d} <{DCAT}distribution> {dist} {g} .")
        add(f"{dist} {_RDF_TYPE} <{DCAT}Distribution> {g} .")
        add(f"{dist} <{DCAT}accessURL> <https://{publisher.host}/data/{slug}/{n}> {g} .")
        add(f"{dist} <{DCT}format> <{rng.choice(shared.file_types)}> {g} .")
        add(f"{dist} <{DCT}license> <{rng.choice(shared.licences)}> {g} .")
        add(f"{dist} <{DCATAP}applicableLegislation> <{_EHDS}> {g} .")
        add(f"{dist} <{DCAT}byteSize> {typed(str(int(10 ** rng.uniform(4, 11))), 'nonNegativeInteger')} {g} .")
    # Drawn last, so that everything above is what the catalogue held before datasets named policies.
    choices = _POLICY_CHOICE[access]
    policy = rng.choices([name for name, _ in choices], weights=[w for _, w in choices])[0]
    if policy is not None:
        add(f"{d} <{ODRL}hasPolicy> <{policy_iri(policy)}> {g} .")
    _agent(q, g, publisher.iri, publisher.name, publisher.host, dataset_contact=True)
    if custodian is not publisher:
        _agent(q, g, custodian.iri, custodian.name, custodian.host)
    _agent(q, g, hdab, f"Health Data Access Body {country_name}", f"hdab-{country.lower()}.example.org")
    return q


def generate(count: int, vocabularies: Vocabularies | None = None) -> Iterator[list[str]]:
    """The N-Quads lines of datasets 1 to ``count``, one list per dataset graph."""
    shared = _Catalogue(vocabularies or Vocabularies.load())
    for i in range(1, count + 1):
        yield dataset_quads(i, shared)


def write_catalogue(path: Path, count: int) -> int:
    """Write ``count`` datasets to ``path``; returns the number of quads."""
    quads = 0
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("w", encoding="utf-8", newline="\n", buffering=1 << 20) as out:
        batch: list[str] = [line for lines in shared_quads() for line in lines]
        quads += len(batch)
        for lines in generate(count):
            quads += len(lines)
            batch.extend(lines)
            if len(batch) > 50_000:
                out.write("\n".join(batch) + "\n")
                batch = []
        if batch:
            out.write("\n".join(batch) + "\n")
    tmp.replace(path)
    return quads


def cached_catalogue(count: int) -> Path:
    """The catalogue of ``count`` datasets under ``bench/.cache``, generated when missing."""
    CACHE_DIR.mkdir(exist_ok=True)
    path = CACHE_DIR / f"catalogue-{count}-v{GENERATOR_VERSION}.nq"
    counted = _count_file(path)
    if not path.exists() or not counted.exists():
        quads = write_catalogue(path, count)
        counted.write_text(str(quads), encoding="utf-8")
    return path


def catalogue_quads(path: Path) -> int:
    """How many quads a cached catalogue holds (counted when it was written)."""
    return int(_count_file(path).read_text(encoding="utf-8"))


def _count_file(path: Path) -> Path:
    return path.with_name(path.name + ".quads")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit("usage: python -m bench.generate COUNT OUT.nq")
    written = write_catalogue(Path(sys.argv[2]), int(sys.argv[1]))
    print(f"{sys.argv[2]}: {sys.argv[1]} datasets, {written} quads")
