# ruff: noqa: E501 (prose: titles, abstracts and quotes read better unbroken)
"""The hand-written works of the example: the nine included studies, the other reports assessed in
full text, and the records that test deduplication (a conference abstract of a later article, an
erratum, a commentary, a non-English article).

All of them are invented. ``ft`` is the full-text outcome (``include``, ``not_retrieved`` or an
exclusion reason code from ``config.yaml``); ``ta`` is the title/abstract reason code for works
excluded before full text. ``sections`` are abstract sections (label, text); journals without
structured abstracts print them as one paragraph.
"""

from __future__ import annotations


def _a(*names: str) -> tuple[tuple[str, str], ...]:
    """``"Family|Given Middle"`` strings as (family, given) pairs."""
    return tuple(tuple(n.split("|", 1)) for n in names)  # type: ignore[misc]


INCLUDED: tuple[dict[str, object], ...] = (
    dict(
        key="inc1", year=2006, month=9, journal="qhsr", country="United States",
        place="Philadelphia", design="qualitative",
        title="“I’ve been where they are”: peer outreach workers’ accounts of working in a homeless services agency",
        authors=_a("Delaney|Marcus J", "Okafor|Ifeoma", "Whitelaw|Rebecca Anne"),
        sections=(
            ("", "Homeless services agencies in the United States have begun to hire former clients "
                 "as outreach workers, yet little is known about how these workers experience the role. "
                 "Drawing on eight months of fieldwork in a large agency in Philadelphia, including "
                 "observation and in-depth interviews with 14 peer outreach workers who had histories of "
                 "homelessness and drug use, this article describes how workers used their pasts to "
                 "engage people living on the street. Workers described their history as a credential "
                 "that opened doors closed to professional staff, and the work as a way of making sense "
                 "of their own recovery. They also described being caught between clients who saw them "
                 "as insiders and colleagues who doubted their judgment, low pay, and the strain of "
                 "encountering former associates who were still using. Agencies that employ peer "
                 "outreach workers should recognise the distinctive expertise of the role and provide "
                 "supervision that addresses boundaries and relapse risk."),
        ),
        keywords=("peer outreach", "homelessness", "substance use", "ethnography", "lived experience"),
        concepts=("peer", "homeless", "sud", "qual"),
        ft="include",
        characteristics=dict(
            setting="Homelessness services (street outreach)",
            aim="To describe how peer outreach workers with histories of homelessness and drug use experience their work in a homeless services agency.",
            data_collection="Participant observation (8 months) and in-depth interviews",
            analysis="Grounded theory (constant comparison)",
            n=14, participants="14 peer outreach workers",
            peer_role="Street outreach and engagement with people sleeping rough",
        ),
    ),
    dict(
        key="inc2", year=2011, month=3, journal="hhr", country="United Kingdom", place="Glasgow",
        design="qualitative",
        title="Giving something back: a qualitative study of peer mentors in hostels for people experiencing homelessness and problem substance use",
        authors=_a("McAllister|Catriona", "Dalgleish|Fergus", "Ó Súilleabháin|Niamh", "Rennie|Stuart"),
        sections=(
            ("Background", "Hostels for people experiencing homelessness increasingly involve residents "
                           "and former residents as peer mentors, but their experiences of the role have "
                           "rarely been studied."),
            ("Aims", "To explore how peer mentors with lived experience of homelessness and problem "
                     "substance use experience their work in hostels, and how hostel managers view the role."),
            ("Methods", "Semi-structured interviews were conducted with 16 peer mentors and 6 hostel "
                        "managers in four hostels in Glasgow, Scotland. Data were analysed using "
                        "framework analysis."),
            ("Results", "Mentors described the role as a way of giving something back and of keeping "
                        "their own recovery on track. Shared experience helped them build trust with "
                        "residents quickly, but being a former resident made boundaries difficult, "
                        "particularly with friends who still used drugs. Unpaid or sessional "
                        "arrangements left some mentors feeling undervalued. Managers valued mentors' "
                        "credibility but were uncertain about their responsibilities."),
            ("Conclusions", "Peer mentoring in hostels offers benefits to mentors as well as residents. "
                            "Clear role descriptions, payment and supervision are needed."),
        ),
        keywords=("peer mentoring", "hostels", "homelessness", "substance use", "recovery"),
        concepts=("peer", "homeless", "sud", "qual", "recovery"),
        ft="include",
        characteristics=dict(
            setting="Homelessness services (hostels)",
            aim="To explore how peer mentors with lived experience of homelessness and problem substance use experience their work in hostels.",
            data_collection="Semi-structured interviews",
            analysis="Framework analysis",
            n=22, participants="16 peer mentors, 6 hostel managers",
            peer_role="Volunteer and sessional peer mentors supporting hostel residents",
        ),
    ),
    dict(
        key="inc3", year=2014, month=5, journal="hrpr", country="Canada",
        place="Vancouver's Downtown Eastside", design="qualitative",
        title="“We know what it’s like out there”: experiences of peer workers employed in harm reduction and housing services in Vancouver’s Downtown Eastside",
        authors=_a("Tremblay|Josée", "Nguyễn|Laila", "Bouchard|Hugo", "Fraser|Kirsty M"),
        sections=(
            ("Background", "Peer workers with lived experience of drug use and homelessness are "
                           "employed across harm reduction and supportive housing services, yet their "
                           "working conditions and experiences are poorly understood."),
            ("Methods", "We conducted five focus groups with 31 peer workers employed in harm "
                        "reduction sites and single-room occupancy hotels in Vancouver's Downtown "
                        "Eastside, Canada. Focus groups were co-facilitated by a peer researcher and "
                        "analysed thematically."),
            ("Results", "Participants described their lived experience as the basis of trust with "
                        "residents and of their skill in responding to overdoses. Peer work gave "
                        "structure, income and a sense of purpose. However, participants reported "
                        "stipend-based pay, few opportunities for advancement, repeated exposure to "
                        "overdose and death, and being treated as less competent than other staff."),
            ("Conclusions", "Peer workers are central to harm reduction and housing services. Fair "
                            "wages, debriefing after critical incidents and pathways to career "
                            "progression are needed to sustain this workforce."),
        ),
        keywords=("peer workers", "harm reduction", "supportive housing", "overdose", "focus groups"),
        concepts=("peer", "harm", "homeless", "housing", "qual"),
        ft="include",
        characteristics=dict(
            setting="Harm reduction and supportive housing services",
            aim="To explore the experiences and working conditions of peer workers in harm reduction and housing services.",
            data_collection="Focus groups (5)",
            analysis="Thematic analysis",
            n=31, participants="31 peer workers",
            peer_role="Overdose response, harm reduction supply distribution and building support in supportive housing",
        ),
    ),
    dict(
        key="inc4", year=2016, month=11, journal="jpsp", country="United Kingdom", place="England",
        design="qualitative",
        title="Walking alongside: an interpretative phenomenological analysis of peer support workers’ experiences in a homelessness and addictions service",
        authors=_a("Ashworth|Tamsin", "Lennox|Daniel", "Hosseini|Mariam"),
        sections=(
            ("Purpose", "The purpose of this paper is to explore how peer support workers with lived "
                        "experience of homelessness and addiction make sense of their work in a "
                        "combined homelessness and addictions service."),
            ("Design/methodology/approach", "Nine peer support workers in a service in the north of "
                                            "England took part in semi-structured interviews. "
                                            "Transcripts were analysed using interpretative "
                                            "phenomenological analysis."),
            ("Findings", "Three superordinate themes were identified: using the past to connect; "
                         "becoming someone new; and holding the line. Participants described "
                         "disclosure as a skill to be used carefully, the role as part of an ongoing "
                         "change in identity, and the emotional work of keeping boundaries with people "
                         "they knew from the street."),
            ("Originality/value", "This is one of the first in-depth studies of how peer support "
                                  "workers in homelessness and addictions services understand their "
                                  "role."),
        ),
        keywords=("Peer support", "Homelessness", "Addiction", "Interpretative phenomenological analysis", "Identity"),
        concepts=("peer", "homeless", "sud", "qual", "recovery"),
        ft="include",
        characteristics=dict(
            setting="Combined homelessness and addictions service",
            aim="To explore how peer support workers with lived experience of homelessness and addiction make sense of their work.",
            data_collection="Semi-structured interviews",
            analysis="Interpretative phenomenological analysis",
            n=9, participants="9 peer support workers",
            peer_role="One-to-one peer support and group facilitation for service users",
        ),
    ),
    dict(
        key="inc5", year=2018, month=7, journal="jsur", country="United States", place="Baltimore",
        design="qualitative",
        title="Peer recovery specialists in supportive housing for people leaving homelessness: role, identity and strain",
        authors=_a("Boateng|Keisha", "Castillo|Rafael", "Park|Jonah", "Greer|Deborah L", "Osei|Emeka"),
        sections=(
            ("Introduction", "Peer recovery specialists are increasingly employed in supportive "
                             "housing programmes for people leaving homelessness who use substances. "
                             "This study examined how they understand their role and what makes it "
                             "sustainable."),
            ("Methods", "We conducted semi-structured interviews with 36 peer recovery specialists and "
                        "12 supervisors working in supportive housing programmes in Baltimore, "
                        "Maryland. Interviews were analysed using thematic analysis."),
            ("Results", "Peer recovery specialists described their role as bridging residents and "
                        "clinical staff, using their histories of homelessness and substance use to "
                        "model that change was possible. The work strengthened their own recovery and "
                        "sense of identity but exposed them to strain: unclear job descriptions, "
                        "tension between friendship and professional boundaries, and caseloads that "
                        "left little time for self-care. Supervisors valued the role but had little "
                        "training in supervising peers."),
            ("Conclusions", "Supportive housing programmes should define peer roles clearly, train "
                            "supervisors and protect time for peer workers' own wellbeing."),
        ),
        keywords=("peer recovery specialists", "supportive housing", "homelessness", "substance use",
                  "qualitative"),
        concepts=("peer", "housing", "homeless", "sud", "qual", "recovery"),
        ft="include",
        characteristics=dict(
            setting="Supportive housing for people leaving homelessness",
            aim="To examine how peer recovery specialists in supportive housing understand their role and what makes it sustainable.",
            data_collection="Semi-structured interviews",
            analysis="Thematic analysis",
            n=48, participants="36 peer recovery specialists, 12 supervisors",
            peer_role="Recovery support and service navigation for tenants",
        ),
    ),
    dict(
        key="inc6", year=2019, month=2, journal="irdp", country="Canada", place="Toronto",
        design="qualitative",
        title="Lived experience as expertise: peer workers and overdose response in Toronto’s emergency shelters",
        authors=_a("Lapointe|Valérie", "Singh|Sandeep", "Wong|Rachel", "Ouellet|Philippe"),
        sections=(
            ("Background", "Emergency shelters have become sites of overdose risk, and many have hired "
                           "peer workers with lived experience of homelessness and drug use to respond. "
                           "We explored how peer workers experienced this work."),
            ("Methods", "Semi-structured interviews were conducted with 17 peer workers employed in "
                        "eight emergency shelters in Toronto, Ontario, Canada. Analysis followed an "
                        "interpretive description approach."),
            ("Results", "Peer workers described their lived experience as a form of expertise that "
                        "allowed them to recognise risk, negotiate with shelter residents who used "
                        "drugs and intervene early. They took pride in saving lives and in being "
                        "trusted. At the same time, they experienced cumulative grief, precarious "
                        "contracts and a lack of recognition from management, and several described "
                        "their own drug use as being tested by the work."),
            ("Conclusions", "Peer workers' expertise is essential to overdose response in shelters. "
                            "Shelters should provide stable employment, bereavement support and "
                            "meaningful roles in decision making."),
        ),
        keywords=("Overdose", "Peer workers", "Emergency shelters", "Homelessness", "Lived experience"),
        concepts=("peer", "overdose", "homeless", "harm", "qual"),
        ft="include",
        characteristics=dict(
            setting="Emergency shelters (overdose response)",
            aim="To explore how peer workers with lived experience of homelessness and drug use experience overdose response work in emergency shelters.",
            data_collection="Semi-structured interviews",
            analysis="Interpretive description",
            n=17, participants="17 peer workers",
            peer_role="Overdose prevention and response in shelters",
        ),
    ),
    dict(
        key="inc7", year=2021, month=6, journal="hsco", country="United Kingdom", place="Scotland",
        design="qualitative",
        title="Boundaries, burnout and belonging: peer navigators’ experiences of supporting people experiencing homelessness and problem substance use during COVID-19",
        authors=_a("Fairbairn|Morag", "Kowalczyk|Zofia", "Munro|Hamish", "Sutherland|Eilidh",
                   "Cruickshank|Alasdair"),
        sections=(
            ("Background", "Peer navigators with lived experience of homelessness and problem "
                           "substance use continued to support people during the COVID-19 pandemic, "
                           "often in changed ways. This study explored their experiences of the role "
                           "at that time."),
            ("Methods", "Telephone and video interviews were carried out with 24 peer navigators and "
                        "12 service managers across six services in Scotland. Data were analysed "
                        "using reflexive thematic analysis."),
            ("Results", "Peer navigators described strong relationships with the people they "
                        "supported, built on shared experience, and a sense of belonging within a "
                        "team of peers. The pandemic blurred boundaries, with navigators available by "
                        "phone at all hours, and several described burnout. Managers' support, "
                        "regular supervision and contact with other peers helped navigators cope. "
                        "Many reported personal growth, greater confidence and new career goals."),
            ("Conclusions", "Peer navigation is valued by those who deliver it but can be "
                            "destabilising without structured support. Organisations should attend "
                            "to workload, boundaries and peer-to-peer support."),
        ),
        keywords=("Peer navigation", "Homelessness", "Substance use", "COVID-19", "Burnout",
                  "Qualitative"),
        concepts=("peer", "homeless", "sud", "qual", "workforce"),
        ft="include",
        characteristics=dict(
            setting="Homelessness and substance-use services (peer navigation)",
            aim="To explore peer navigators' experiences of supporting people experiencing homelessness and problem substance use during the COVID-19 pandemic.",
            data_collection="Semi-structured interviews (telephone and video)",
            analysis="Reflexive thematic analysis",
            n=36, participants="24 peer navigators, 12 service managers",
            peer_role="Navigation and relational support across health, housing and substance-use services",
        ),
    ),
    dict(
        key="inc8", year=2022, month=4, journal="juhe", country="United States",
        place="Portland, Oregon", design="qualitative",
        title="Precarious helpers: employment conditions and wellbeing of peer workers in homelessness and substance use services",
        authors=_a("Ramírez|Lucía", "Jamieson|Owen P", "Kaur|Priya", "Ellison|Paul"),
        sections=(
            ("Background", "Peer workers with lived experience of homelessness and substance use are "
                           "a growing part of the workforce in the United States, but many are employed "
                           "on short contracts and low wages. We explored how employment conditions "
                           "shape their wellbeing."),
            ("Methods", "We conducted in-depth interviews with 26 peer workers employed in "
                        "homelessness and substance use services in Portland, Oregon. Interviews "
                        "were coded inductively and analysed thematically."),
            ("Results", "Participants described peer work as meaningful and as part of their own "
                        "recovery, and valued relationships with other peers. Precarious contracts, "
                        "wages close to the threshold for losing benefits, and a lack of career "
                        "progression undermined their housing and financial security. Some "
                        "described being used as cheap labour and excluded from team decisions."),
            ("Conclusions", "Employment conditions are a determinant of peer workers' wellbeing. "
                            "Funders and employers should offer stable contracts, living wages and "
                            "progression routes."),
        ),
        keywords=("peer workers", "employment", "wellbeing", "homelessness", "substance use"),
        concepts=("peer", "employment", "homeless", "sud", "qual"),
        ft="include",
        characteristics=dict(
            setting="Homelessness and substance-use services",
            aim="To explore how employment conditions shape the wellbeing of peer workers in homelessness and substance-use services.",
            data_collection="In-depth interviews",
            analysis="Thematic analysis (inductive coding)",
            n=26, participants="26 peer workers",
            peer_role="Peer support, outreach and case aide roles",
        ),
    ),
    dict(
        key="inc9", year=2023, month=10, journal="bjscp", country="United Kingdom", place="Wales",
        design="qualitative",
        title="Peer mentoring across homelessness and substance use services in Wales: a qualitative evaluation of mentors’ and staff experiences",
        authors=_a("Llewellyn|Rhiannon", "Pritchard|Gareth", "Evans|Bethan", "Haddad|Amira",
                   "Thomson|Neil"),
        sections=(
            ("", "Peer mentoring schemes in Wales employ people with lived experience of homelessness "
                 "and substance use to support others using services. This article reports a "
                 "qualitative evaluation of a national peer mentoring programme delivered across "
                 "eleven homelessness and substance use services. Nine focus groups and 14 "
                 "interviews were held with 52 peer mentors and 17 staff, and data were analysed "
                 "using framework analysis. Mentors valued training, accredited qualifications and "
                 "the structure the role gave to their lives; several had moved into paid "
                 "employment. Shared experience enabled mentors to build trusting relationships, but "
                 "role boundaries, stigma from some professional colleagues and inconsistent "
                 "supervision were recurrent challenges. Staff described mentors as bringing "
                 "credibility and hope to services. We conclude that peer mentoring programmes "
                 "should invest in supervision, clear boundaries and routes into paid work."),
        ),
        keywords=("peer mentoring", "homelessness", "substance use", "evaluation", "Wales"),
        concepts=("peer", "homeless", "sud", "qual", "employment"),
        ft="include",
        characteristics=dict(
            setting="Homelessness and substance-use services (national peer mentoring programme)",
            aim="To evaluate a peer mentoring programme from the perspectives of mentors with lived experience and the staff who work with them.",
            data_collection="Focus groups (9) and semi-structured interviews (14)",
            analysis="Framework analysis",
            n=69, participants="52 peer mentors, 17 staff",
            peer_role="Peer mentoring and accompanied support in homelessness and substance-use services",
        ),
    ),
)

#: Reports assessed in full text and excluded there (or not retrieved).
FULL_TEXT_EXCLUDED: tuple[dict[str, object], ...] = (
    dict(key="ft01", year=2012, month=1, journal="jprp", country="United States", place="Colorado",
         design="qualitative", ft="POPULATION",
         title="Peer specialists in community mental health teams: role integration and professional identity",
         authors=_a("Whitelaw|Kenneth", "Santos|Beatriz", "Moreau|Camille"),
         sections=(("", "Peer specialists are employed in community mental health teams across the "
                        "United States. We interviewed 19 peer specialists in Colorado about how they "
                        "integrate into multidisciplinary teams. Participants described their lived "
                        "experience of mental illness as central to their work, but reported role "
                        "drift, exclusion from team meetings and pressure to act as case managers. "
                        "Supervision by a senior peer protected role fidelity."),),
         concepts=("peer", "mh", "qual")),
    dict(key="ft02", year=2017, month=8, journal="mhnp", country="United Kingdom", place="London",
         design="qualitative", ft="SETTING",
         title="Experiences of peer support workers in residential crisis houses: a qualitative study",
         authors=_a("Brennan|Imogen", "Iqbal|Noor", "Hughes|Martin"),
         sections=(("Introduction", "Crisis houses offer an alternative to admission for people in "
                                    "mental health crisis and increasingly employ peer support workers."),
                   ("Method", "Semi-structured interviews with 12 peer support workers in three "
                              "crisis houses in London were analysed thematically."),
                   ("Results", "Workers used lived experience of mental health crisis, and for some of "
                               "homelessness, to connect with guests; they described emotional "
                               "exhaustion and unclear boundaries."),
                   ("Discussion", "Crisis houses need supervision structures for peer staff.")),
         concepts=("peer", "mh", "qual")),
    dict(key="ft03", year=2020, month=3, journal="jsur", country="Australia", place="New South Wales",
         design="qualitative", ft="POPULATION",
         title="The lived experience workforce in alcohol and other drug services: role and identity",
         authors=_a("Tanaka|Sofia", "Forsyth|Bronwen", "Ahmed|Yasmin", "Lockhart|Rory"),
         sections=(("Background", "Alcohol and other drug (AOD) services in Australia increasingly "
                                  "employ workers with lived experience of substance use."),
                   ("Methods", "Interviews with 21 lived experience workers in AOD treatment services "
                               "in New South Wales were analysed using reflexive thematic analysis."),
                   ("Results", "Participants described disclosure as a tool, tensions with clinical "
                               "staff and limited career pathways. Few had experienced homelessness, "
                               "and homelessness was not a focus of the services."),
                   ("Conclusions", "Organisational readiness shapes lived experience roles.")),
         concepts=("peer", "sud", "qual")),
    dict(key="ft04", year=2015, month=10, journal="acq", country="United States",
         place="Massachusetts", design="qualitative", ft="SETTING",
         title="What sustains recovery coaches in emergency departments? A qualitative study",
         authors=_a("Cunningham|Leah", "Okonkwo|Chidi", "Varga|Dominika"),
         sections=(("Aims", "To explore what sustains recovery coaches working in hospital emergency "
                            "departments."),
                   ("Design", "Qualitative interview study."),
                   ("Setting and participants", "Fifteen recovery coaches in four emergency "
                                                "departments in Massachusetts."),
                   ("Findings", "Coaches drew on their own recovery; they described moral distress "
                                "when patients were discharged to the street, and valued peer "
                                "supervision."),
                   ("Conclusions", "Hospital systems should support recovery coaches' wellbeing.")),
         concepts=("peer", "sud", "qual", "recovery")),
    dict(key="ft05", year=2019, month=5, journal="php", country="Ireland", place="Dublin",
         design="qualitative", ft="POPULATION",
         title="Community health workers supporting families in emergency accommodation: a qualitative study",
         authors=_a("Kavanagh|Mairead", "Doherty|Seán", "O'Brien|Aisling"),
         sections=(("Background", "Family homelessness has risen sharply in Dublin."),
                   ("Methods", "Interviews with 11 community health workers supporting families in "
                               "emergency accommodation."),
                   ("Results", "Workers described relational work with parents, advocacy with housing "
                               "services and the emotional toll of the work."),
                   ("Conclusions", "Community health workers are valued but unsupported.")),
         concepts=("chw", "homeless", "qual")),
    dict(key="ft06", year=2013, month=4, journal="jhr", country="United Kingdom", place="England",
         design="qualitative", ft="SETTING",
         title="Prison peer mentors’ experiences of supporting men with substance use problems",
         authors=_a("Pritchard|Owen", "Matheson|Iona", "Hamilton|Richard"),
         sections=(("Background", "Peer mentoring schemes operate in many prisons in England."),
                   ("Methods", "Interviews with 18 serving prisoners working as peer mentors on "
                               "drug recovery wings were analysed thematically."),
                   ("Results", "Mentors described the role as rehabilitative, but their position "
                               "between officers and prisoners was precarious."),
                   ("Conclusions", "Prison peer mentoring requires clearer governance.")),
         concepts=("peer", "prison", "sud", "qual")),
    dict(key="ft07", year=2021, month=9, journal="cjch", country="Canada", place="Vancouver",
         design="qualitative", ft="SETTING",
         title="Peer workers on hospital addiction consult teams: a qualitative study",
         authors=_a("Leung|Ashok", "Pelletier|Naomi", "Roy|Daniel"),
         sections=(("Objectives", "To explore the experiences of peer workers on hospital addiction "
                                  "medicine consult teams."),
                   ("Methods", "Interviews with 10 peer workers and 8 clinicians in two hospitals."),
                   ("Results", "Peers helped patients stay in hospital and negotiated stigma; many "
                               "had experienced homelessness."),
                   ("Conclusion", "Hospitals should formalise peer roles.")),
         concepts=("peer", "sud", "qual")),
    dict(key="ft08", year=2010, month=6, journal="hhr", country="United States", place="New York City",
         design="qualitative", ft="PERSPECTIVE",
         title="Homeless adults’ experiences of peer-delivered case management",
         authors=_a("Mitchell|Janet", "Reid|Samuel", "Shah|Kavita"),
         sections=(("", "This study explored how homeless adults with co-occurring substance use "
                        "experienced case management delivered by peers. Interviews with 23 clients "
                        "in New York City showed that clients valued peers' understanding and "
                        "persistence, though some worried about confidentiality. Peer case managers "
                        "themselves were not interviewed."),),
         concepts=("peer", "homeless", "sud", "qual")),
    dict(key="ft09", year=2016, month=12, journal="hrpr", country="Canada", place="Montreal",
         design="qualitative", ft="PERSPECTIVE",
         title="Service user perspectives on peer-run harm reduction programs",
         authors=_a("Gagnon|Philippe", "Morrison|Chloé", "Yilmaz|Darius"),
         sections=(("Background", "Peer-run harm reduction programmes are common in Canadian cities."),
                   ("Methods", "Four focus groups with 28 people who use drugs in Montreal."),
                   ("Results", "Participants trusted peer-run services more than clinical services "
                               "and described them as non-judgemental."),
                   ("Conclusions", "Service users value peer-run harm reduction.")),
         concepts=("peer", "harm", "qual")),
    dict(key="ft10", year=2018, month=2, journal="jhsi", country="United Kingdom", place="Manchester",
         design="qualitative", ft="PERSPECTIVE",
         title="Being supported by someone who has been there: hostel residents’ views of peer mentoring",
         authors=_a("Ashworth|Fiona", "Nicholson|Callum", "Malone|Teresa"),
         sections=(("", "Drawing on interviews with 20 hostel residents in Manchester, this article "
                        "examines how people experiencing homelessness and substance use view support "
                        "from peer mentors. Residents valued mentors' credibility and hope but "
                        "questioned whether mentors were adequately supported. Mentors' own accounts "
                        "were outside the scope of the study."),),
         concepts=("peer", "homeless", "sud", "qual")),
    dict(key="ft11", year=2022, month=11, journal="uhh", country="United States", place="Oakland, California",
         design="qualitative", ft="PERSPECTIVE",
         title="Tenant perspectives on peer recovery support in permanent supportive housing",
         authors=_a("Alvarez|Diego", "Johnstone|Megan", "Boateng|Samuel"),
         sections=(("Background", "Peer recovery support is offered in many supportive housing buildings."),
                   ("Methods", "Interviews with 30 tenants in Oakland, California."),
                   ("Results", "Tenants valued peers' availability but described inconsistent contact."),
                   ("Conclusions", "Tenant views should inform peer support models.")),
         concepts=("peer", "housing", "sud", "qual")),
    dict(key="ft12", year=2014, month=8, journal="swar", country="United States",
         place="the United States", design="survey", ft="DESIGN",
         title="Job satisfaction and burnout among peer providers in homeless services: a national survey",
         authors=_a("Greer|William", "Chaudhry|Anika", "Dunbar|Joseph"),
         sections=(("", "We surveyed 412 peer providers working in homeless services across the "
                        "United States. Job satisfaction was high, but 38% met criteria for burnout; "
                        "burnout was associated with caseload size and lack of supervision. No "
                        "qualitative data were collected."),),
         concepts=("peer", "homeless", "workforce")),
    dict(key="ft13", year=2017, month=6, journal="cjch", country="Canada", place="Toronto",
         design="trial", ft="DESIGN",
         title="Peer outreach and housing outcomes for people experiencing homelessness and substance use: a randomised trial",
         authors=_a("Desjardins|Marc", "Singh|Rohan", "Wong|Esther", "Caldwell|Thomas"),
         sections=(("Objective", "To test whether peer outreach improves housing outcomes."),
                   ("Methods", "234 participants were randomised to peer outreach or usual care."),
                   ("Results", "Peer outreach increased days housed at 12 months (mean difference 31 "
                               "days, 95% CI 9-53)."),
                   ("Conclusion", "Peer outreach may improve housing stability.")),
         concepts=("peer", "homeless", "sud", "housing")),
    dict(key="ft14", year=2020, month=1, journal="hsco", country="United Kingdom", place="London",
         design="trial", ft="DESIGN",
         title="Effect of peer navigation on health service use by people experiencing homelessness: a pilot randomised controlled trial",
         authors=_a("Holloway|Grace", "Osei|Nkechi", "Wallace|Patrick", "Tait|Lorna"),
         sections=(("Background", "Peer navigation may improve access to care."),
                   ("Methods", "Pilot trial with 120 participants in London."),
                   ("Results", "Recruitment and retention targets were met; outpatient attendance was "
                               "higher with peer navigation."),
                   ("Conclusions", "A definitive trial is feasible.")),
         concepts=("peer", "homeless", "primary_care")),
    dict(key="ft15", year=2023, month=5, journal="juhe", country="United States", place="Colorado",
         design="cohort", ft="DESIGN",
         title="Peer worker turnover in substance use and housing services: an analysis of administrative payroll data",
         authors=_a("Ferguson|Julia", "Rahman|Jamal", "Young|Margaret"),
         sections=(("Background", "Turnover among peer workers is thought to be high."),
                   ("Methods", "Payroll records for 1,184 peer workers in Colorado, 2015-2021."),
                   ("Results", "Median tenure was 14 months; higher wages predicted retention."),
                   ("Conclusions", "Wages matter for retaining peer workers.")),
         concepts=("peer", "sud", "housing", "employment")),
    dict(key="ft16", year=2019, month=4, journal="php", country="United Kingdom",
         place="the United Kingdom", design="review", ft="NOT_PRIMARY",
         title="Peer support for people experiencing homelessness: a systematic review",
         authors=_a("Campbell|Victoria", "McIntyre|Eoin", "Sørensen|Ingrid"),
         sections=(("Background", "Peer support is increasingly used in homelessness services."),
                   ("Methods", "Systematic review of seven databases; 24 studies included."),
                   ("Results", "Evidence suggested benefits for engagement, but quality was low; few "
                               "studies reported peer workers' experiences."),
                   ("Conclusions", "More rigorous evaluation is needed.")),
         concepts=("peer", "homeless")),
    dict(key="ft17", year=2021, month=2, journal="dus", country="Canada", place="Canada",
         design="scoping", ft="NOT_PRIMARY",
         title="Peer work in harm reduction: a scoping review",
         authors=_a("Bélanger|Sarah", "Kennedy|Nadia", "Laidlaw|Magnus"),
         sections=(("", "This scoping review mapped 61 sources on peer work in harm reduction. Sources "
                        "described roles, training and working conditions; gaps included pay equity "
                        "and peer workers' wellbeing."),),
         concepts=("peer", "harm")),
    dict(key="ft19", year=2015, month=9, journal="bjscp", country="United Kingdom", place="England",
         design="qualitative", ft="MIXED_SAMPLE",
         title="Frontline workers’ experiences of supporting people facing multiple disadvantage",
         authors=_a("Blackwood|Clare", "Hepburn|Duncan", "Okafor|Emeka"),
         sections=(("", "Interviews with 27 frontline workers in services for people facing multiple "
                        "disadvantage explored relational practice. Some participants had lived "
                        "experience, but findings were not reported separately for peer and non-peer "
                        "workers."),),
         concepts=("workforce", "homeless", "qual")),
    dict(key="ft20", year=2020, month=10, journal="jihn", country="United States", place="Boston",
         design="qualitative", ft="MIXED_SAMPLE",
         title="Staff perspectives on integrating peer and clinical roles in a homeless health care program",
         authors=_a("Nakamura|Hannah", "Brodie|Alexandra", "Castillo|Miguel"),
         sections=(("Aim", "To explore how staff in a homeless health care programme integrate peer "
                           "and clinical roles."),
                   ("Methods", "Focus groups with 22 staff, including 7 peer workers."),
                   ("Results", "Themes concerned communication, role boundaries and trust; peer "
                               "workers' views were not distinguished from those of other staff."),
                   ("Conclusion", "Role integration requires shared training.")),
         concepts=("peer", "homeless", "qual", "primary_care")),
    dict(key="ft21", year=2012, month=7, journal="hrpr", country="Canada", place="Vancouver",
         design="qualitative", ft="MIXED_SAMPLE",
         title="Working in supportive housing for people who use drugs: staff experiences",
         authors=_a("Ouellet|Marta", "Fraser|Andrew", "Zhang|Mona"),
         sections=(("Background", "Supportive housing for people who use drugs is expanding."),
                   ("Methods", "Interviews with 25 staff, some with lived experience."),
                   ("Results", "Staff described overdose, grief and pride in their work."),
                   ("Conclusions", "Staff need debriefing and support.")),
         concepts=("housing", "harm", "workforce", "qual")),
    dict(key="ft22", year=2009, month=4, journal="jprp", country="United States", place="California",
         design="qualitative", ft="POPULATION",
         title="Consumer-providers on assertive community treatment teams: a qualitative study",
         authors=_a("Scott|Rebecca", "Harkness|Paul", "Núñez|Carmen"),
         sections=(("", "We interviewed 11 consumer-providers on assertive community treatment teams in "
                        "California about their roles. Participants had lived experience of serious "
                        "mental illness; they described role strain and limited acceptance."),),
         concepts=("peer", "mh", "qual")),
    dict(key="ft23", year=2011, month=10, journal="hsir", country="United States",
         place="Philadelphia", design="mixed", ft="PERSPECTIVE",
         title="A mixed-methods evaluation of a peer-staffed drop-in centre for homeless adults",
         authors=_a("Robertson|Erin", "Gonçalves|Mateus", "Stewart|Lindsay"),
         sections=(("Background", "Peer-staffed drop-in centres may engage homeless adults."),
                   ("Methods", "Attendance data (n = 612) and interviews with 18 attendees."),
                   ("Results", "Attendance rose over two years; attendees valued a welcoming space."),
                   ("Conclusions", "Peer-staffed centres engage homeless adults.")),
         concepts=("peer", "homeless")),
    dict(key="nr01", year=1998, month=3, journal="csw", country="United States",
         place="the United States", design="qualitative", ft="not_retrieved",
         title="Former addicts as outreach workers in shelter settings",
         authors=_a("McBride|Thomas", "Weir|Janet"),
         sections=(("", "Describes the employment of former drug users as outreach workers in two "
                        "shelters and their accounts of the work."),),
         concepts=("peer", "homeless", "sud")),
    dict(key="nr02", year=2004, month=6, journal="hci", country="United Kingdom",
         place="the United Kingdom", design="qualitative", ft="not_retrieved",
         title="Service user workers in homelessness projects: report of a practitioner inquiry",
         authors=_a("Gordon|Hamish", "Lamont|Fiona"),
         sections=(("", "Reports a practitioner inquiry with service user workers in homelessness "
                        "projects."),),
         concepts=("peer", "homeless")),
)

#: Works that relate to an included study and test deduplication.
RELATED: tuple[dict[str, object], ...] = (
    # a conference abstract of inc8, one year before the article: a different work
    dict(key="conf8", kind="conference_abstract", related_to="inc8", year=2021, month=6,
         journal="acq", supplement="Suppl 1", country="United States", place="Portland, Oregon",
         design="qualitative", ft="ABSTRACT_ONLY",
         conference="Annual Meeting of the Society for Addiction Care Research, Denver, CO, United States",
         title="Employment conditions and well-being among peer workers in homelessness and substance use services: preliminary findings",
         authors=_a("Ramírez|Lucía", "Jamieson|Owen P", "Kaur|Priya"),
         sections=(("Aims", "To explore how employment conditions shape the well-being of peer "
                            "workers in homelessness and substance use services."),
                   ("Methods", "Interviews with the first 15 peer workers recruited in Portland, Oregon."),
                   ("Results", "Peer work was meaningful but precarious contracts and low wages "
                               "threatened participants' housing and financial security."),
                   ("Conclusions", "Preliminary findings point to employment conditions as a "
                                   "determinant of peer workers' well-being.")),
         concepts=("peer", "employment", "homeless", "sud")),
    # an erratum to inc7
    dict(key="err7", kind="erratum", related_to="inc7", year=2021, month=9, journal="hsco",
         country="United Kingdom", place="", design="commentary", ta="PUBLICATION",
         title="Correction: Boundaries, burnout and belonging: peer navigators’ experiences of supporting people experiencing homelessness and problem substance use during COVID-19",
         authors=_a("Fairbairn|Morag", "Kowalczyk|Zofia", "Munro|Hamish", "Sutherland|Eilidh",
                    "Cruickshank|Alasdair"),
         sections=(("", "Following publication of the original article, the authors noticed an error "
                        "in Table 1: the number of service managers interviewed was given as 14 "
                        "instead of 12. The correct figure is 12. The original article has been "
                        "corrected."),),
         concepts=("peer", "homeless")),
    # a commentary replying to inc5
    dict(key="com5", kind="commentary", related_to="inc5", year=2019, month=1, journal="jsur",
         country="United Kingdom", place="", design="commentary", ta="PUBLICATION",
         title="Peer work is more than lived experience: a response to Boateng and colleagues",
         authors=_a("Harkness|Simon", "Moffat|Laura"),
         sections=(("", "Boateng and colleagues describe the role strain of peer recovery specialists "
                        "in supportive housing. We welcome their study but argue that framing peer "
                        "work chiefly in terms of lived experience obscures the skills peer workers "
                        "acquire and risks confining them to low-paid roles. We call for research on "
                        "peer workers' careers."),),
         concepts=("peer", "housing")),
    # a second report of inc3's data
    dict(key="sec3", kind="article", related_to="inc3", year=2015, month=8, journal="jads",
         country="Canada", place="Vancouver", design="qualitative", ft="LINKED_REPORT",
         title="Training and support needs of peer workers in harm reduction and housing services: a secondary analysis of focus group data",
         authors=_a("Nguyễn|Laila", "Tremblay|Josée", "Fraser|Kirsty M"),
         sections=(("", "This paper reports a secondary analysis of five focus groups with 31 peer "
                        "workers in Vancouver's Downtown Eastside, previously reported by Tremblay et "
                        "al. (2014), focusing on training and support needs. Participants wanted "
                        "accredited training, paid debriefing and mentoring from experienced peers."),),
         concepts=("peer", "harm", "housing", "qual")),
    # an article in French, relevant but outside the review's language criterion
    dict(key="fr1", kind="article", year=2020, month=3, journal="spc", country="Canada",
         place="Montreal", design="qualitative", ta="LANGUAGE", language="French",
         affiliation="Département de travail social, Université du Saint-Laurent, Montréal, QC, Canada",
         title="Peer helpers in shelters for people experiencing homelessness in Montreal: a qualitative study",
         original_title="Les pairs aidants dans les refuges pour personnes en situation d’itinérance à Montréal : une étude qualitative",
         authors=_a("Gagnon|Hélène", "Desjardins|Éloïse", "Côté|Françoise", "Beaulieu|Philippe"),
         sections=(("", "Peer helpers with lived experience of homelessness and drug use are employed "
                        "in several Montreal shelters. Interviews with 12 peer helpers explored their "
                        "roles, the recognition they received and the difficulties they met. Peer "
                        "helpers described their experience as a source of credibility but reported "
                        "precarious status and emotional fatigue."),),
         concepts=("peer", "homeless", "sud", "qual")),
)
