"""The conventions indicators are shared with, seeded by a data migration and by the demo data.

This module imports no model: the migration passes its historical model, the demo the current
one.
"""

# Para 12: common indicators with UNEP, the BLG and other biodiversity conventions.
CONVENTIONS = [
    ("Ramsar", "Ramsar Convention on Wetlands"),
    ("CITES", "Convention on International Trade in Endangered Species of Wild Fauna and Flora"),
    ("CBD", "Convention on Biological Diversity"),
    ("UNEP", "United Nations Environment Programme"),
    ("BLG", "Liaison Group of Biodiversity-related Conventions"),
]


def seed_conventions(convention_model):
    """Add every convention of CONVENTIONS that ``convention_model`` does not hold yet."""
    for code, name in CONVENTIONS:
        convention_model.objects.get_or_create(code=code, defaults={"name": name})
