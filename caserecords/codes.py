"""Official code lists (DfE CIN census and SSDA903): store the code, show the label.

Source: shared/reference/cin-census-codes.md.
"""

from django.db import models


class Sex(models.TextChoices):
    MALE = "M", "Male"
    FEMALE = "F", "Female"
    UNKNOWN = "U", "Unknown or indeterminate (required for an unborn child)"


class Ethnicity(models.TextChoices):
    WBRI = "WBRI", "White British"
    WIRI = "WIRI", "White Irish"
    WIRT = "WIRT", "Traveller of Irish heritage"
    WOTH = "WOTH", "Any other White background"
    WROM = "WROM", "Gypsy/Roma"
    MWBC = "MWBC", "White and Black Caribbean"
    MWBA = "MWBA", "White and Black African"
    MWAS = "MWAS", "White and Asian"
    MOTH = "MOTH", "Any other mixed background"
    AIND = "AIND", "Indian"
    APKN = "APKN", "Pakistani"
    ABAN = "ABAN", "Bangladeshi"
    AOTH = "AOTH", "Any other Asian background"
    BCRB = "BCRB", "Black Caribbean"
    BAFR = "BAFR", "Black African"
    BOTH = "BOTH", "Any other Black background"
    CHNE = "CHNE", "Chinese"
    OOTH = "OOTH", "Any other ethnic group"
    REFU = "REFU", "Refused"
    NOBT = "NOBT", "Information not yet obtained"


class Disability(models.TextChoices):
    NONE = "NONE", "None"
    MOB = "MOB", "Mobility"
    HAND = "HAND", "Hand function"
    PC = "PC", "Personal care"
    INC = "INC", "Incontinence"
    COMM = "COMM", "Communication"
    LD = "LD", "Learning"
    HEAR = "HEAR", "Hearing"
    VIS = "VIS", "Vision"
    BEH = "BEH", "Behaviour"
    CON = "CON", "Consciousness"
    AUT = "AUT", "Autism/Asperger's"
    DDA = "DDA", "Other DDA disability"


class PrimaryNeed(models.TextChoices):
    N0 = "N0", "Not stated"
    N1 = "N1", "Abuse or neglect"
    N2 = "N2", "Child's disability"
    N3 = "N3", "Parental illness or disability"
    N4 = "N4", "Family in acute stress"
    N5 = "N5", "Family dysfunction"
    N6 = "N6", "Socially unacceptable behaviour"
    N7 = "N7", "Low income"
    N8 = "N8", "Absent parenting"
    N9 = "N9", "Cases other than children in need"


class ReferralSource(models.TextChoices):
    S1A = "1A", "Individual: family member/relative/carer"
    S1B = "1B", "Individual: acquaintance"
    S1C = "1C", "Individual: self"
    S1D = "1D", "Individual: other"
    S2A = "2A", "Schools"
    S2B = "2B", "Education services"
    S3A = "3A", "Health: GP"
    S3B = "3B", "Health visitor"
    S3C = "3C", "School nurse"
    S3D = "3D", "Other primary health"
    S3E = "3E", "A&E"
    S3F = "3F", "Other health"
    S4 = "4", "Housing"
    S5A = "5A", "LA services: social care"
    S5B = "5B", "LA services: other internal"
    S5C = "5C", "Another LA"
    S5D = "5D", "Early help"
    S6 = "6", "Police"
    S7 = "7", "Other legal agency"
    S8 = "8", "Other"
    S9 = "9", "Anonymous"
    S10 = "10", "Unknown"


class ClosureReason(models.TextChoices):
    RC1 = "RC1", "Adopted"
    RC2 = "RC2", "Died"
    RC3 = "RC3", "Child arrangements order"
    RC4 = "RC4", "Special guardianship order"
    RC5 = "RC5", "Transferred to another local authority"
    RC6 = "RC6", "Transferred to adult social care"
    RC7 = "RC7", "Ceased for any other reason"
    RC8 = "RC8", "Case closed after assessment, no further action"
    RC9 = "RC9", "Case closed after assessment, referred to early help"


class AbuseCategory(models.TextChoices):
    NEG = "NEG", "Neglect"
    PHY = "PHY", "Physical abuse"
    SAB = "SAB", "Sexual abuse"
    EMO = "EMO", "Emotional abuse"
    MUL = "MUL", "Multiple (not recommended)"


class LookedAfterLegalStatus(models.TextChoices):
    C1 = "C1", "Interim care order"
    C2 = "C2", "Full care order"
    D1 = "D1", "Freeing order"
    E1 = "E1", "Placement order"
    V2 = "V2", "Accommodated under section 20"
    V3 = "V3", "Short breaks (single placement)"
    V4 = "V4", "Short breaks (series of placements)"
    J1 = "J1", "Remanded to local authority accommodation"
    J2 = "J2", "Placed under PACE"
    J3 = "J3", "Youth rehabilitation order with residence"
    L1 = "L1", "Police protection"
    L2 = "L2", "Emergency protection order"
    L3 = "L3", "Child assessment order"
