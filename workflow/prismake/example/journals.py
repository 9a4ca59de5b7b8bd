"""The fictional journals of the example review.

Every title is invented (none is meant to be a real journal); DOIs use the ``10.5555`` example
prefix and ISSNs are made up (with a valid check digit, as real ones have). Each journal says which
of the nine databases index it, which is what makes records overlap realistically: a nursing
journal is in MEDLINE, Embase and CINAHL, a housing-policy journal in ASSIA, Sociological
Abstracts and SocINDEX, and most of them in Scopus and Web of Science.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

MEDLINE, EMBASE, PSYCINFO, CINAHL = "medline", "embase", "psycinfo", "cinahl"
SOCINDEX, ASSIA, SOCABS, SCOPUS, WOS = (
    "socindex",
    "assia",
    "sociological_abstracts",
    "scopus",
    "wos",
)
HEALTH = frozenset({MEDLINE, EMBASE, CINAHL, SCOPUS, WOS})


@dataclass(frozen=True)
class Journal:
    """One journal and how each vendor names and indexes it."""

    key: str
    title: str  #: the title as the publisher prints it
    nlm: str  #: NLM title abbreviation (PubMed TA, Ovid NL)
    iso: str  #: ISO 4 abbreviation (Scopus, Web of Science JI, Embase JA)
    publisher: str
    city: str
    country: str
    doi_style: str  #: one of the patterns in :func:`make_doi`
    indexed: frozenset[str]
    structured: bool = True  #: abstracts carry Background/Methods/... labels
    article_numbers_from: int = 9999  #: year from which articles get numbers instead of pages
    founded: int = 1985
    title_style: str = "sentence"  #: "title" for journals that print titles in Title Case

    @property
    def issn(self) -> str:
        return _issn(self.key + ":print")

    @property
    def eissn(self) -> str:
        return _issn(self.key + ":online")

    @property
    def j9(self) -> str:
        """Web of Science's 20-character source abbreviation."""
        return self.iso.replace(".", "").replace(",", "").upper()[:20].rstrip()

    @property
    def nlm_full(self) -> str:
        """The journal as PubMed's JT field spells it (NLM capitalisation)."""
        words = self.title.split(" ")
        keep = {"British", "Canadian", "European", "HIV", "Québec", "UK", "US"}
        out = [words[0]] + [w if w in keep else w.lower() for w in words[1:]]
        return " ".join(out)


def _issn(seed: str) -> str:
    digits = [int(c) for c in str(int(hashlib.sha256(seed.encode()).hexdigest(), 16))[:7]]
    digits[0] = 1 + digits[0] % 2  # 1xxx or 2xxx, like most modern ISSNs
    total = sum(d * w for d, w in zip(digits, range(8, 1, -1), strict=True))
    check = (11 - total % 11) % 11
    tail = "X" if check == 10 else str(check)
    text = "".join(map(str, digits)) + tail
    return f"{text[:4]}-{text[4:]}"


def make_doi(journal: Journal, *, year: int, month: int, serial: int) -> str:
    """A DOI under the example prefix, in the shape the journal's publisher uses."""
    code = journal.key
    issn = journal.issn.replace("-", "")
    style = journal.doi_style
    if style == "elsevier":
        return f"10.5555/j.{code}.{year}.{month:02d}.{serial % 1000:03d}"
    if style == "wiley":
        return f"10.5555/{code}.{10000 + serial:05d}"
    if style == "tandf":
        return f"10.5555/{issn}.{year}.{1000000 + serial * 37:07d}"
    if style == "sage":
        return f"10.5555/{issn}{year % 100:02d}{100000 + serial * 13:06d}"
    if style == "bmc":
        prefix = 10000 + int(hashlib.sha256(code.encode()).hexdigest(), 16) % 90000
        return f"10.5555/s{prefix}-{year % 1000:03d}-{serial:05d}-{serial % 10}"
    if style == "oup":
        return f"10.5555/{code}/{code[:2]}{chr(97 + serial % 26)}{serial % 1000:03d}"
    if style == "emerald":
        return f"10.5555/{code.upper()}-{month:02d}-{year}-{serial % 10000:04d}"
    if style == "oa":
        return f"10.5555/journal.{code}.{serial:07d}"
    raise ValueError(f"unknown DOI style {style!r} of journal {journal.key!r}")


def _j(key, title, nlm, iso, publisher, place, style, indexed, **kw) -> Journal:
    city, country = place
    return Journal(key, title, nlm, iso, publisher, city, country, style, frozenset(indexed), **kw)


UK, US, NL, CA, FR = ("United Kingdom", "United States", "Netherlands", "Canada", "France")

JOURNALS: tuple[Journal, ...] = (
    # --- substance use and drug policy
    _j(
        "jsur",
        "Journal of Substance Use and Recovery",
        "J Subst Use Recovery",
        "J. Subst. Use Recov.",
        "Northgate Science",
        ("Amsterdam", NL),
        "elsevier",
        {MEDLINE, EMBASE, PSYCINFO, CINAHL, SCOPUS, WOS, ASSIA},
        article_numbers_from=2019,
    ),
    _j(
        "dus",
        "Drug Use & Society",
        "Drug Use Soc",
        "Drug Use Soc.",
        "Fenwick & Hale",
        ("Abingdon", UK),
        "tandf",
        {MEDLINE, EMBASE, PSYCINFO, ASSIA, SOCABS, SOCINDEX, SCOPUS, WOS},
        structured=False,
    ),
    _j(
        "hrpr",
        "Harm Reduction Practice and Research",
        "Harm Reduct Pract Res",
        "Harm Reduct. Pract. Res.",
        "Meridian Open",
        ("London", UK),
        "bmc",
        {MEDLINE, EMBASE, CINAHL, PSYCINFO, SCOPUS, WOS},
        article_numbers_from=2004,
        founded=2004,
    ),
    _j(
        "acq",
        "Addiction Care Quarterly",
        "Addict Care Q",
        "Addict. Care Q.",
        "Halden-Price",
        ("Hoboken", US),
        "wiley",
        {MEDLINE, EMBASE, PSYCINFO, CINAHL, SCOPUS, WOS},
    ),
    _j(
        "irdp",
        "International Review of Drug Policy and Practice",
        "Int Rev Drug Policy Pract",
        "Int. Rev. Drug Policy Pract.",
        "Northgate Science",
        ("Amsterdam", NL),
        "elsevier",
        {MEDLINE, EMBASE, PSYCINFO, ASSIA, SOCABS, SOCINDEX, SCOPUS, WOS},
        article_numbers_from=2020,
    ),
    _j(
        "rsj",
        "Recovery Studies Journal",
        "Recovery Stud J",
        "Recovery Stud. J.",
        "Larkspur Academic",
        ("Thousand Oaks", US),
        "sage",
        {PSYCINFO, CINAHL, SCOPUS, SOCINDEX},
        founded=2008,
    ),
    _j(
        "jads",
        "Journal of Alcohol and Drug Services",
        "J Alcohol Drug Serv",
        "J. Alcohol Drug Serv.",
        "Fenwick & Hale",
        ("Philadelphia", US),
        "tandf",
        {PSYCINFO, CINAHL, EMBASE, SCOPUS, SOCINDEX, ASSIA},
        structured=False,
        title_style="title",
    ),
    _j(
        "subr",
        "Substance Use Behaviour Research",
        "Subst Use Behav Res",
        "Subst. Use Behav. Res.",
        "Northgate Science",
        ("Oxford", UK),
        "elsevier",
        {MEDLINE, EMBASE, PSYCINFO, CINAHL, SCOPUS, WOS},
        article_numbers_from=2018,
    ),
    # --- homelessness and housing
    _j(
        "hhr",
        "Homelessness and Health Review",
        "Homelessness Health Rev",
        "Homelessness Health Rev.",
        "Larkspur Academic",
        ("London", UK),
        "sage",
        {CINAHL, ASSIA, SOCINDEX, SCOPUS, WOS, PSYCINFO},
        founded=2005,
    ),
    _j(
        "jhsi",
        "Journal of Housing and Social Inclusion",
        "J Hous Soc Incl",
        "J. Hous. Soc. Incl.",
        "Fenwick & Hale",
        ("Abingdon", UK),
        "tandf",
        {ASSIA, SOCABS, SOCINDEX, SCOPUS, WOS},
        structured=False,
    ),
    _j(
        "hci",
        "Housing, Care & Inclusion",
        "Hous Care Incl",
        "Hous. Care Incl.",
        "Kestrel Publishing",
        ("Bingley", UK),
        "emerald",
        {ASSIA, SOCINDEX, CINAHL, SCOPUS},
        founded=1998,
        title_style="title",
    ),
    _j(
        "uhh",
        "Urban Housing and Health",
        "Urban Hous Health",
        "Urban Hous. Health",
        "Northgate Science",
        ("New York", US),
        "elsevier",
        {MEDLINE, EMBASE, SCOPUS, WOS, ASSIA, SOCABS},
        article_numbers_from=2021,
    ),
    # --- mental health and peer support
    _j(
        "jpsp",
        "Journal of Peer Support Practice",
        "J Peer Support Pract",
        "J. Peer Support Pract.",
        "Kestrel Publishing",
        ("Bingley", UK),
        "emerald",
        {CINAHL, PSYCINFO, ASSIA, SCOPUS},
        founded=2002,
        title_style="title",
    ),
    _j(
        "jprp",
        "Journal of Psychosocial Recovery Practice",
        "J Psychosoc Recovery Pract",
        "J. Psychosoc. Recov. Pract.",
        "Halden-Price",
        ("Washington", US),
        "wiley",
        {MEDLINE, EMBASE, PSYCINFO, CINAHL, SCOPUS, WOS},
    ),
    _j(
        "mhnp",
        "Mental Health Nursing Practice and Research",
        "Ment Health Nurs Pract Res",
        "Ment. Health Nurs. Pract. Res.",
        "Halden-Price",
        ("Chichester", UK),
        "wiley",
        {MEDLINE, EMBASE, CINAHL, PSYCINFO, SCOPUS, WOS},
    ),
    _j(
        "ler",
        "Lived Experience Research",
        "Lived Exp Res",
        "Lived Exp. Res.",
        "Meridian Open",
        ("London", UK),
        "oa",
        {PSYCINFO, CINAHL, SCOPUS},
        article_numbers_from=2015,
        founded=2015,
    ),
    _j(
        "cpip",
        "Community Psychology in Practice",
        "Community Psychol Pract",
        "Community Psychol. Pract.",
        "Halden-Price",
        ("Chichester", UK),
        "wiley",
        {PSYCINFO, ASSIA, SCOPUS, WOS, SOCINDEX},
        structured=False,
    ),
    # --- nursing and primary care
    _j(
        "jihn",
        "Journal of Inclusion Health Nursing",
        "J Incl Health Nurs",
        "J. Incl. Health Nurs.",
        "Halden-Price",
        ("Chichester", UK),
        "wiley",
        {MEDLINE, CINAHL, EMBASE, SCOPUS, WOS},
        founded=2009,
    ),
    _j(
        "cnr",
        "Community Nursing Research",
        "Community Nurs Res",
        "Community Nurs. Res.",
        "Northgate Science",
        ("Edinburgh", UK),
        "elsevier",
        {MEDLINE, CINAHL, EMBASE, SCOPUS, WOS},
    ),
    # --- public health and health services
    _j(
        "php",
        "Public Health Perspectives",
        "Public Health Perspect",
        "Public Health Perspect.",
        "Clarendon Academic",
        ("Oxford", UK),
        "oup",
        {MEDLINE, EMBASE, CINAHL, SCOPUS, WOS, ASSIA},
    ),
    _j(
        "hsco",
        "Health and Social Care Open",
        "Health Soc Care Open",
        "Health Soc. Care Open",
        "Meridian Open",
        ("London", UK),
        "bmc",
        {MEDLINE, EMBASE, CINAHL, SCOPUS, WOS, PSYCINFO},
        article_numbers_from=2001,
        founded=2001,
    ),
    _j(
        "juhe",
        "Journal of Urban Health Equity",
        "J Urban Health Equity",
        "J. Urban Health Equity",
        "Stanmore Nature",
        ("New York", US),
        "bmc",
        {MEDLINE, EMBASE, SCOPUS, WOS, SOCINDEX, ASSIA},
    ),
    _j(
        "hsir",
        "Health Services Insights and Research",
        "Health Serv Insights Res",
        "Health Serv. Insights Res.",
        "Larkspur Academic",
        ("London", UK),
        "sage",
        {MEDLINE, EMBASE, SCOPUS, CINAHL},
        founded=2008,
    ),
    _j(
        "cjch",
        "Canadian Journal of Community Health",
        "Can J Community Health",
        "Can. J. Community Health",
        "Stanmore Nature",
        ("Ottawa", CA),
        "bmc",
        {MEDLINE, EMBASE, CINAHL, SCOPUS, WOS},
    ),
    _j(
        "spc",
        "Santé publique et communautés",
        "Sante Publique Communautes",
        "Sante Publique Communautes",
        "Éditions Boréales",
        ("Paris", FR),
        "oa",
        {MEDLINE, EMBASE, SCOPUS},
        structured=False,
    ),
    # --- social work and social policy
    _j(
        "bjscp",
        "British Journal of Social Care Practice",
        "Br J Soc Care Pract",
        "Br. J. Soc. Care Pract.",
        "Clarendon Academic",
        ("Oxford", UK),
        "oup",
        {ASSIA, SOCABS, SOCINDEX, CINAHL, SCOPUS, WOS},
        structured=False,
    ),
    _j(
        "swar",
        "Social Work and Addictions Review",
        "Soc Work Addict Rev",
        "Soc. Work Addict. Rev.",
        "Fenwick & Hale",
        ("Philadelphia", US),
        "tandf",
        {PSYCINFO, ASSIA, SOCINDEX, CINAHL, SCOPUS},
        structured=False,
        title_style="title",
    ),
    _j(
        "jspw",
        "Journal of Social Policy and Welfare Studies",
        "J Soc Policy Welf Stud",
        "J. Soc. Policy Welf. Stud.",
        "Granta University Press",
        ("Cambridge", UK),
        "oup",
        {ASSIA, SOCABS, SOCINDEX, SCOPUS, WOS},
        structured=False,
    ),
    _j(
        "qhsr",
        "Qualitative Health and Social Research",
        "Qual Health Soc Res",
        "Qual. Health Soc. Res.",
        "Larkspur Academic",
        ("Thousand Oaks", US),
        "sage",
        {MEDLINE, PSYCINFO, CINAHL, ASSIA, SOCABS, SOCINDEX, SCOPUS, WOS},
        structured=False,
    ),
    _j(
        "csw",
        "Critical Social Welfare",
        "Crit Soc Welf",
        "Crit. Soc. Welf.",
        "Larkspur Academic",
        ("London", UK),
        "sage",
        {ASSIA, SOCABS, SOCINDEX, SCOPUS},
        structured=False,
    ),
    # --- young people, HIV, justice, workforce
    _j(
        "ahbr",
        "Adolescent Health Behaviour Research",
        "Adolesc Health Behav Res",
        "Adolesc. Health Behav. Res.",
        "Northgate Science",
        ("New York", US),
        "elsevier",
        {MEDLINE, EMBASE, PSYCINFO, CINAHL, SCOPUS, WOS},
    ),
    _j(
        "ypss",
        "Young People and Society Studies",
        "Young People Soc Stud",
        "Young People Soc. Stud.",
        "Larkspur Academic",
        ("Thousand Oaks", US),
        "sage",
        {PSYCINFO, SOCABS, SOCINDEX, ASSIA, SCOPUS, WOS},
        structured=False,
        title_style="title",
    ),
    _j(
        "hhc",
        "HIV and Hepatitis Care",
        "HIV Hepat Care",
        "HIV Hepat. Care",
        "Northgate Science",
        ("Amsterdam", NL),
        "elsevier",
        {MEDLINE, EMBASE, CINAHL, SCOPUS, WOS},
    ),
    _j(
        "jhr",
        "Justice, Health and Rehabilitation",
        "Justice Health Rehabil",
        "Justice Health Rehabil.",
        "Stanmore Nature",
        ("New York", US),
        "bmc",
        {MEDLINE, EMBASE, ASSIA, SOCABS, SCOPUS, WOS},
        founded=2013,
    ),
    _j(
        "jwwh",
        "Journal of Workforce Wellbeing in Health and Care",
        "J Workforce Wellbeing",
        "J. Workforce Wellbeing Health Care",
        "Halden-Price",
        ("Chichester", UK),
        "wiley",
        {CINAHL, PSYCINFO, SCOPUS, ASSIA},
        founded=2010,
    ),
)

BY_KEY: dict[str, Journal] = {j.key: j for j in JOURNALS}
