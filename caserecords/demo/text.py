"""Invented people, places and contact text for the demo authority.

Everything here is made up: Hallowfield is not a real place and no note
describes a real child. Texts are templates filled from a case's context
({names}, {carer}, {school} ...) so that each file reads as one story.
"""

from dataclasses import dataclass

AUTHORITY = "Hallowfield Council"
TOWN = "Hallowfield"

# Name pools by family background: (girls, boys, surnames, adult women, adult men).
NAMES = {
    "british": (
        ["Lily", "Olivia", "Amelia", "Ella", "Freya", "Poppy", "Isla", "Ruby", "Evie", "Grace"],
        ["Jack", "Harry", "Noah", "Oscar", "Leo", "Alfie", "Charlie", "Freddie", "Theo", "Archie"],
        [
            "Hughes",
            "Barker",
            "Walsh",
            "Dixon",
            "Lowe",
            "Holt",
            "Pearson",
            "Fenton",
            "Cole",
            "Naylor",
            "Ridley",
            "Rowley",
            "Kirby",
            "Hebden",
            "Gaskell",
            "Pickering",
            "Lister",
            "Sutcliffe",
            "Whitworth",
            "Brennan",
            "Ormerod",
            "Tattersall",
            "Crowther",
            "Bamford",
        ],
        ["Kerry", "Danielle", "Stacey", "Gemma", "Leanne", "Natalie", "Lisa", "Claire"],
        ["Dean", "Wayne", "Lee", "Craig", "Darren", "Scott", "Jason", "Ryan"],
    ),
    "caribbean": (
        ["Maya", "Nia", "Jada", "Amara", "Tia", "Shanice"],
        ["Jayden", "Tyrese", "Kai", "Malachi", "Elijah", "Reuben"],
        ["Campbell", "Francis", "Thompson", "Grant", "Brown", "Bailey"],
        ["Marcia", "Sharon", "Simone", "Donna"],
        ["Delroy", "Marlon", "Andre", "Clive"],
    ),
    "african": (
        ["Abena", "Chioma", "Hodan", "Zainab", "Ife", "Efua"],
        ["Kofi", "Chidi", "Abdi", "Tobi", "Kwabena", "Emeka"],
        ["Mensah", "Adeyemi", "Osei", "Eze", "Warsame", "Boateng"],
        ["Grace", "Folake", "Fadumo", "Akosua"],
        ["Samuel", "Olu", "Mohamed", "Kwame"],
    ),
    "south_asian": (
        ["Aisha", "Maryam", "Zara", "Inaya", "Hafsa", "Amira"],
        ["Ibrahim", "Yusuf", "Zayn", "Ayaan", "Rayan", "Hamza"],
        ["Ali", "Ahmed", "Iqbal", "Miah", "Khan", "Uddin"],
        ["Shahida", "Nasreen", "Rukhsana", "Salma"],
        ["Tariq", "Imran", "Abdul", "Shafiq"],
    ),
    "eastern_european": (
        ["Zofia", "Lena", "Maja", "Antonia", "Alicja", "Ioana"],
        ["Jakub", "Szymon", "Filip", "Kacper", "Andrei", "Mateo"],
        ["Nowak", "Wójcik", "Kowalczyk", "Popescu", "Mazur", "Lungu", "Dudek", "Sikora", "Rusu"],
        ["Katarzyna", "Agnieszka", "Elena", "Marta"],
        ["Tomasz", "Pawel", "Marius", "Adrian"],
    ),
}

# background: (ethnicity codes, first language, religions)
BACKGROUNDS = {
    "british": (["WBRI", "WBRI", "WBRI", "WIRI"], "English", ["", "Christian", "None"]),
    "caribbean": (["BCRB", "MWBC", "MWBC", "MOTH"], "English", ["Christian", "", "None"]),
    "african": (["BAFR", "BAFR", "MWBA"], "English", ["Christian", "Muslim"]),
    "south_asian": (["APKN", "ABAN", "ABAN", "AIND"], "English", ["Muslim", "Muslim", "Hindu"]),
    "eastern_european": (["WOTH", "WOTH", "WROM"], "Polish", ["Catholic", "Christian", ""]),
}

STREETS = [
    "Larch Close",
    "Wellington Road",
    "Mill Lane",
    "Cedar Walk",
    "Foundry Street",
    "Kestrel Way",
    "Albion Terrace",
    "Orchard Rise",
    "Canal Side",
    "Priory Court",
    "Beech Grove",
    "Station Row",
]
PRIMARY_SCHOOLS = [
    "Hallowfield Primary School",
    "St Anne's Catholic Primary School",
    "Brook Lane Academy",
    "Meadowbank Primary School",
    "Castle Hill Junior School",
]
SECONDARY_SCHOOLS = ["Hallowfield High School", "Kingsmere Academy", "Riverside School"]
NURSERY = "Little Acorns Nursery"
SPECIAL_SCHOOL = "Oakfield Special School"

# Professionals' names (invented), drawn per case.
PRO_FIRST = [
    "Anne",
    "Ruth",
    "Joanne",
    "Mark",
    "Steve",
    "Helen",
    "Fiona",
    "Paul",
    "Sunita",
    "Gareth",
    "Bev",
    "Nick",
    "Imogen",
    "Rob",
    "Yasmin",
    "Carl",
    "Debbie",
    "Tom",
    "Priti",
    "Lorna",
]
PRO_LAST = [
    "Carter",
    "Ellis",
    "Bradley",
    "Dunn",
    "Fowler",
    "Gibbs",
    "Kaur",
    "Nolan",
    "Parry",
    "Quinn",
    "Rowe",
    "Sheridan",
    "Tanner",
    "Vaughan",
    "Webb",
    "Yates",
    "Ashby",
    "Begum",
    "Crossley",
    "Hartley",
]
FOSTER_CARERS = [
    ("Sue and Mike Taylor", "the Taylors"),
    ("Janet and Phil Ward", "the Wards"),
    ("Angela Moss", "Angela"),
    ("Bola and Femi Adebayo", "the Adebayos"),
    ("Karen and Steve Burke", "the Burkes"),
]


@dataclass(frozen=True)
class Theme:
    """What a case is about: the concern, the codes it implies and the words it is written in."""

    concern: str
    referral: str
    cp_category: str
    primary_need: str
    sources: tuple[str, ...]
    facts: tuple[str, ...]
    analysis: tuple[str, ...]
    action: str
    event_summary: str
    event_facts: str
    views: tuple[str, ...] = ()  # a teenager's words, where the theme shapes them
    young_views: tuple[str, ...] = ()
    event_hour: int = 22  # when the significant event happens
    event_by_police: bool = True  # whether the police reported it


THEMES = {
    "neglect": Theme(
        concern="neglect of the children's basic care and home conditions",
        referral="the school reported the children arriving hungry, in unwashed uniform, and late",
        cp_category="NEG",
        primary_need="N1",
        sources=("2A", "3B", "3C"),
        facts=(
            "The kitchen was clean and there was food in the fridge and cupboards: milk, bread, "
            "fruit, pasta and a cooked chicken. The bins had been emptied since my last visit.",
            "The living room floor was covered with clothes and takeaway boxes and there was a "
            "strong smell of dog mess in the hallway. {carer} said the dog had been unwell.",
            "Each child has a bed with clean bedding. {carer} showed me the bunk beds delivered "
            "by the furniture scheme on Tuesday.",
            "There was no credit on the electricity meter when I arrived. {carer} said she would "
            "top it up when her money went in tomorrow; I gave a food bank voucher.",
            "School uniform was washed and hung up for the morning. {carer} said she has set an "
            "alarm on her phone so that the children get to school for 8:45.",
        ),
        analysis=(
            "Home conditions are better than at the start of the plan, but the improvement has "
            "depended on the family support worker's weekly visits. The test is whether {carer} "
            "can keep this going as that support reduces.",
            "The children's needs are being met today, but this is the third visit in six weeks "
            "where the home has been in this state. The pattern matters more than any one visit.",
            "{carer} is engaging and wants to make changes. Money is a real pressure and some of "
            "what looks like neglect is poverty; the plan should treat the two differently.",
        ),
        action="Weekly home conditions check with the family support worker, using the "
        "Graded Care Profile",
        young_views=("Sometimes I'm hungry at school because there isn't breakfast.",),
        event_summary="Police welfare check: children found at home without an adult",
        event_facts="Police were called by a neighbour who heard the youngest child crying. "
        "Officers found the children alone; {carer} returned forty minutes later and said she "
        "had gone to the shop. Police logged the incident and made a referral.",
    ),
    "domestic_abuse": Theme(
        concern="domestic abuse by {carer}'s former partner",
        referral="police attended a domestic abuse incident with the children in the home",
        cp_category="EMO",
        primary_need="N1",
        sources=("6", "6", "3E"),
        facts=(
            "{carer} said her former partner has not been to the house since the non-molestation "
            "order was made. There were no signs of anyone else living at the address.",
            "{carer} showed me the new lock on the back door, fitted by the Sanctuary scheme.",
            "{carer} said she had a text message from her former partner last week asking to see "
            "the children. She did not reply and showed me that she had blocked the number.",
            "{carer} has finished six of the twelve Freedom Programme sessions and showed me her "
            "workbook.",
        ),
        analysis=(
            "{carer} is taking protective steps and can name the risks. The risk now is that "
            "contact with her former partner starts again quietly; the children's accounts are "
            "the best check on that.",
            "The children are calmer at school since the incidents stopped, which supports what "
            "{carer} is telling us. The court order gives a clear line to hold.",
            "{carer} minimised the last incident when we spoke today ('it was just an argument'). "
            "Her account does not fit the police log, and I have noted the difference.",
        ),
        action="Complete the Freedom Programme and share the attendance record",
        young_views=(
            "I feel safe at home now. The police don't come any more.",
            "I don't like it when the shouting happens. It's been quiet since Dad went.",
        ),
        event_summary="Police called to the home: former partner at the address",
        event_facts="Police attended after {carer} called 999. Her former partner had "
        "come to the door and was shouting through the letterbox. He left before police arrived "
        "and was arrested later that night. The children were in bed and say they heard it.",
    ),
    "mental_health": Theme(
        concern="the impact of {carer}'s mental health on her care of the children",
        referral="the GP was worried about {carer}'s low mood and the children's school attendance",
        cp_category="EMO",
        primary_need="N3",
        sources=("3A", "2A"),
        facts=(
            "{carer} was dressed and had taken the children to school this morning. She said she "
            "has been taking her medication every day and sees the community psychiatric nurse "
            "on Thursdays.",
            "{carer} was still in bed when I arrived at 11:00 and the curtains were closed. The "
            "eldest child had got the younger ones to school.",
            "{carer} said she had a bad week after the anniversary of her mother's death and "
            "called the crisis line twice. She has an appointment with her GP on Monday.",
        ),
        analysis=(
            "{carer} is more stable than at referral and is working with mental health services. "
            "The risk is that the eldest child carries the household on bad days: a young carer "
            "assessment is needed.",
            "{carer}'s care of the children dips quickly when she is unwell. The plan needs a "
            "named adult the children can go to on those days.",
        ),
        action="Refer the eldest child for a young carers assessment",
        event_summary="{carer} admitted to hospital under the Mental Health Act",
        event_facts="{carer} was detained under section 2 after police found her in distress on "
        "the bridge. The children went to their maternal aunt's home by agreement; I visited "
        "them there the same evening.",
    ),
    "substance_misuse": Theme(
        concern="{carer}'s drug and alcohol use",
        referral="the health visitor found {carer} intoxicated at a developmental check",
        cp_category="NEG",
        primary_need="N1",
        sources=("3B", "6", "1A"),
        facts=(
            "{carer} said she has been attending the drug and alcohol service every week. Her "
            "last hair strand test, shared by the service, shows a reduction in cocaine use.",
            "There were empty cider cans in the recycling box. {carer} said they belonged to a "
            "friend who had stayed on Saturday.",
            "{carer} was clear in her speech and moved steadily. The children's grandmother was "
            "there and said she has been staying three nights a week.",
        ),
        analysis=(
            "The test results support what {carer} tells us, which is new. The grandmother's "
            "support is protective but informal; it should be written into the plan.",
            "{carer}'s explanation for the cans may be true, but it is the second such account. "
            "I will ask the drug and alcohol service for an up-to-date view before core group.",
        ),
        action="Share hair strand test results with the core group",
        event_summary="{carer} found unresponsive at home; ambulance called",
        event_facts="The grandmother called an ambulance when she could not wake {carer}. "
        "Paramedics treated a suspected overdose. The children stayed with their grandmother; "
        "a strategy discussion was held the next morning.",
    ),
    "exploitation": Theme(
        concern="risk of criminal exploitation and going missing",
        referral="police found {name} in another town late at night with older males",
        cp_category="PHY",
        primary_need="N6",
        sources=("6", "2A"),
        facts=(
            "{name} has a new phone that {carer} did not buy. {name} said a friend gave it to him.",
            "{carer} said {name} has been home by 21:00 every night this week and has been going "
            "to the youth project on Wednesdays.",
            "{name} was not at home when I arrived. {carer} reached him by phone and he came "
            "back within twenty minutes.",
        ),
        analysis=(
            "The indicators of exploitation are still present (new phone, cash, older friends). "
            "{name} is not yet able to see himself as being exploited; pushing harder will push "
            "him away. The trusted relationship with the youth worker is the key protective "
            "factor.",
            "{name} is safer this month: he is home at night and in school more. The risk has "
            "not gone away; the people who were targeting him are still around.",
        ),
        action="Refer to the exploitation panel and share the return home interview",
        event_summary="{name} missing overnight; found by police in a flat in another town",
        event_facts="{carer} reported {name} missing when he did not come home. Police found "
        "him in the early hours in a flat with two adults known to them. He had £200 in "
        "cash. A return home interview was offered the next day.",
        views=(
            "I'm fine. I just want people to stop asking me the same questions.",
            "I know why you're worried. I'm not going back there, I've blocked them.",
            "Nobody's making me do anything. They're my mates.",
        ),
    ),
    "disability": Theme(
        concern="the family's need for support with {name}'s disability",
        referral="the special school asked for a needs assessment and short breaks",
        cp_category="NEG",
        primary_need="N2",
        sources=("2B", "3F"),
        facts=(
            "{carer} said {name} slept for four hours last night, which is usual. She is "
            "exhausted and has not had a break since the summer.",
            "{name} was using the new communication board at home and pointed to 'drink' and "
            "'outside'.",
            "The occupational therapist has fitted the hoist in the bathroom. {carer} says it has "
            "made bath times much easier.",
        ),
        analysis=(
            "{name}'s needs are being met with great care, at a high cost to {carer}'s own "
            "health. Short breaks are needed to keep this family together, not as a luxury.",
            "The family need an early decision on the direct payment so that the personal "
            "assistant can start before the holidays.",
        ),
        action="Present the short breaks request at the resource panel",
        event_summary="{name} admitted to hospital with prolonged seizures",
        event_facts="{name} had a seizure lasting twelve minutes at home and was taken to "
        "hospital by ambulance. {carer} stayed with {name} for three nights.",
        event_hour=19,
        event_by_police=False,
    ),
    "physical_harm": Theme(
        concern="physical chastisement and an unexplained injury",
        referral="the school saw bruising on {name}'s upper arm",
        cp_category="PHY",
        primary_need="N1",
        sources=("2A", "3E"),
        facts=(
            "No marks or bruises were seen. {name} showed me their arms when asked and was "
            "relaxed about it.",
            "{carer} said she has stopped smacking and is using the reward chart from the "
            "parenting course. The chart on the fridge had stickers up to Thursday.",
            "{carer}'s partner was at home and left the room when I asked to see {name} alone.",
        ),
        analysis=(
            "The family have accepted the concern and are using new strategies. The child's "
            "account matches the parents' account, which is reassuring.",
            "The partner's avoidance of professionals is a concern, as his role in the household "
            "is still not clear.",
        ),
        action="Complete the parenting course and review the reward chart at core group",
        event_summary="New bruise seen at school; child protection medical arranged",
        event_facts="The school found a bruise on {name}'s cheek. {name} said it happened at "
        "football. A strategy discussion agreed a child protection medical, which was "
        "consistent with the explanation.",
        event_hour=15,
    ),
}

# What looked-after children and their carers talk about.
CARE_FACTS = (
    "{name} has settled well with {foster_short}. Their bedroom has new posters and the "
    "photographs of family that {name} asked to put up.",
    "{foster_short} said {name} has been sleeping better and is eating well. There were two "
    "difficult evenings after family time.",
    "Family time with {carer} went ahead on Saturday at the family centre. The contact "
    "supervisor's notes say it was warm and {carer} arrived on time.",
    "{name}'s attendance at school is 96% this term. {foster_short} takes {name} to school every "
    "day and attends parents' evenings.",
    "{name} had a dental check and the initial health assessment is done; the review health "
    "assessment is due next month.",
)
CARE_ANALYSIS = (
    "{name} is settled and well cared for. The plan of long-term fostering with {foster_short} "
    "is meeting their needs; family time is important to them and should continue.",
    "{name} is happy in placement but worries about {carer}. Those worries should be talked "
    "about openly in life story work rather than left to build up.",
    "The placement is stable. {name} needs help to understand why they are in care; the life "
    "story book is half finished and should be completed this term.",
)
CARE_VIEWS = {
    "young": (
        "I like living here. {foster_first} makes pancakes on Saturdays.",
        "I want to see mummy more, like every weekend, not just sometimes.",
        "My bedroom is the best bit. I can have my light on when I go to sleep.",
    ),
    "teen": (
        "I don't want to move again. This is the first place that feels normal.",
        "They're alright. They don't make a big deal about stuff.",
        "I want to see my little brother more. That's the only thing I'd change.",
        "I want to stay here till I'm 18, and then maybe get my own flat near here.",
    ),
}

VIEWS = {
    "infant": (
        "{name} is too young to give views in words. {name} babbled and reached for {carer} "
        "when I came in and settled quickly when picked up.",
        "{name} cannot talk yet. {name} crawled to the toy box, brought me a book and laughed "
        "at the pictures.",
        "{name} was asleep in the cot for most of the visit; woke once, and {carer} responded "
        "straight away.",
    ),
    "young": (
        "I like it when mummy takes me to the park on Saturdays.",
        "My bedroom is the best bit. I've got a Spider-Man duvet now.",
        "I want to stay living with my mum.",
        "School is good. My teacher lets me do the register.",
        "I get worried when mum is sad. I make her a cup of tea.",
    ),
    "teen": (
        "Mum's been better since she started the new tablets. She gets up in the morning now.",
        "I'd rather talk at school than at home, it's easier.",
        "I want to see my dad more, like every weekend, not just once a month.",
        "It's fine at home. I just wish everyone would stop arguing.",
    ),
}

VISIT_OPENINGS = (
    "Announced visit. {carer} let me in and was friendly.",
    "Unannounced visit. {carer} took a few minutes to answer the door but then let me in.",
    "Announced visit. {carer} and the children were expecting me.",
)
SEEN_ALONE = (
    "I saw {names} alone in their bedroom for about twenty minutes.",
    "I saw {names} alone in the living room while {carer} made a drink.",
    "I spoke with {names} alone at the kitchen table, using the three houses tool.",
)

LATE_REASONS = (
    "I was on annual leave from the day after the visit and recorded it on my return.",
    "Two days in court on another case; the recording was delayed. Team leader aware.",
    "Off sick for two days after the visit. Recorded from my notebook on my return.",
    "Waited for the police to confirm the incident log number before completing.",
    "My laptop failed and IT replaced it; recorded from handwritten notes.",
)

CLOSURE = {
    "RC9": (
        "The assessment found that {carer} is meeting the children's needs. The concerns at "
        "referral (school attendance and home conditions) are being addressed, with support "
        "from the early help family worker, who will continue to see the family. No further "
        "social work action.",
        "I'm glad. The early help lady is nice and she comes to school.",
        "{carer} agreed with the outcome and said the support with the housing had made the "
        "biggest difference.",
    ),
    "RC7": (
        "The child in need plan has been reviewed and its outcomes met: {names} attend school "
        "every day, {carer} works with mental health services, and the young carers project "
        "supports the eldest. The family agreed to closure. Step down to early help.",
        "It's better now. Mum's okay most days and I go to the young carers club on Tuesdays.",
        "{carer} said she was nervous about closure but knows how to ask for help if she needs it.",
    ),
    "RC4": (
        "A special guardianship order was made in favour of {name}'s grandmother, who has cared "
        "for {name} since the care proceedings. The support plan includes a financial "
        "allowance and family time with {carer} four times a year.",
        "I'm staying with nan for good. I don't have to have meetings any more.",
        "{name}'s grandmother said she was relieved and thanked the team.",
    ),
}

# Manual chronology entries by theme: (headline, detail).
MANUAL = {
    "neglect": (
        "Family moved to a new tenancy at {address}",
        "Housing association tenancy; the family had been in temporary accommodation.",
    ),
    "domestic_abuse": (
        "Non-molestation order made against {carer}'s former partner",
        "Made at Hallowfield Family Court for twelve months.",
    ),
    "mental_health": (
        "{carer} started treatment with the community mental health team",
        "Weekly visits from a community psychiatric nurse.",
    ),
    "substance_misuse": (
        "{carer} started a community detox programme",
        "Twelve weeks with the drug and alcohol service; the grandmother helps with childcare.",
    ),
    "exploitation": (
        "{name} started at a new school on a managed move",
        "Agreed between the two schools to break links with the older peer group.",
    ),
    "disability": (
        "Education, health and care plan finalised for {name}",
        "Named school: Oakfield Special School.",
    ),
    "physical_harm": (
        "{carer}'s partner moved out of the family home",
        "He now lives with his brother; contact with the children is supervised.",
    ),
}
CARE_MANUAL = (
    "{name} moved to a new placement with {foster}",
    "Planned move to a long-term placement, with three introductory visits beforehand.",
)
