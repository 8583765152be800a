"""The needs lookup lists a first round can use as they are, in English, French and Spanish.

The data migrations (0002 creates the lists, 0007 adds their French and Spanish) and the demo
data seed them through ``seed_lookups``. This module imports no model: the migrations pass their
historical models, the demo the current ones.
"""

TOPICS = [
    "CMS and its instruments (Agreements, MOUs, Action Plans)",
    "National reporting to CMS",
    "Integrating migratory species into NBSAPs",
    "Species listing and the Appendices",
    "Monitoring and research on migratory species",
    "Habitat and site management along flyways and migration routes",
    "Bycatch and fisheries interactions",
    "Illegal killing, taking and trade",
    "Wildlife disease and health",
    "Climate change and migratory species",
    "Renewable energy, power lines and infrastructure",
    "Law enforcement and legislation",
    "Fundraising and project design",
    "Communication, education and public awareness",
]
TYPES = [
    "Regional workshop",
    "National workshop",
    "Training of trainers",
    "E-learning",
    "Field training",
    "Exchange visit",
]
TARGET_GROUPS = [
    "National Focal Points",
    "Government officials and decision makers",
    "Scientists and researchers",
    "Protected-area and wildlife managers",
    "Law-enforcement officers (customs, police, rangers)",
    "Local trainers",
    "Local communities",
    "NGOs and civil society",
]
LANGUAGES = [
    ("en", "English"),
    ("fr", "French"),
    ("es", "Spanish"),
    ("ar", "Arabic"),
    ("ru", "Russian"),
    ("pt", "Portuguese"),
    ("zh", "Chinese"),
]

# French and Spanish names, by model and English name.
NAMES = {
    "TrainingTopic": {
        "CMS and its instruments (Agreements, MOUs, Action Plans)": (
            "La CMS et ses instruments (Accords, mémorandums d'entente, plans d'action)",
            "La CMS y sus instrumentos (Acuerdos, memorandos de entendimiento, planes de acción)",
        ),
        "National reporting to CMS": (
            "Rapports nationaux à la CMS",
            "Informes nacionales a la CMS",
        ),
        "Integrating migratory species into NBSAPs": (
            "Intégration des espèces migratrices dans les SPANB",
            "Integración de las especies migratorias en las EPANB",
        ),
        "Species listing and the Appendices": (
            "Inscription des espèces et Annexes",
            "Inclusión de especies y Apéndices",
        ),
        "Monitoring and research on migratory species": (
            "Suivi et recherche sur les espèces migratrices",
            "Seguimiento e investigación sobre las especies migratorias",
        ),
        "Habitat and site management along flyways and migration routes": (
            "Gestion des habitats et des sites le long des voies de migration",
            "Gestión de hábitats y sitios a lo largo de las rutas migratorias",
        ),
        "Bycatch and fisheries interactions": (
            "Prises accessoires et interactions avec les pêches",
            "Captura incidental e interacciones con la pesca",
        ),
        "Illegal killing, taking and trade": (
            "Abattage, prélèvement et commerce illégaux",
            "Matanza, captura y comercio ilegales",
        ),
        "Wildlife disease and health": (
            "Maladies et santé de la faune sauvage",
            "Enfermedades y salud de la fauna silvestre",
        ),
        "Climate change and migratory species": (
            "Changements climatiques et espèces migratrices",
            "Cambio climático y especies migratorias",
        ),
        "Renewable energy, power lines and infrastructure": (
            "Énergies renouvelables, lignes électriques et infrastructures",
            "Energías renovables, tendidos eléctricos e infraestructuras",
        ),
        "Law enforcement and legislation": (
            "Application de la loi et législation",
            "Observancia de la ley y legislación",
        ),
        "Fundraising and project design": (
            "Mobilisation de fonds et conception de projets",
            "Movilización de fondos y diseño de proyectos",
        ),
        "Communication, education and public awareness": (
            "Communication, éducation et sensibilisation du public",
            "Comunicación, educación y concienciación del público",
        ),
    },
    "TrainingType": {
        "Regional workshop": ("Atelier régional", "Taller regional"),
        "National workshop": ("Atelier national", "Taller nacional"),
        "Training of trainers": ("Formation de formateurs", "Formación de formadores"),
        "E-learning": ("Formation en ligne", "Aprendizaje en línea"),
        "Field training": ("Formation sur le terrain", "Formación sobre el terreno"),
        "Exchange visit": ("Visite d'échange", "Visita de intercambio"),
    },
    "TargetGroup": {
        "National Focal Points": ("Correspondants nationaux", "Puntos focales nacionales"),
        "Government officials and decision makers": (
            "Fonctionnaires et décideurs",
            "Funcionarios gubernamentales y responsables de la toma de decisiones",
        ),
        "Scientists and researchers": (
            "Scientifiques et chercheurs",
            "Científicos e investigadores",
        ),
        "Protected-area and wildlife managers": (
            "Gestionnaires d'aires protégées et de la faune sauvage",
            "Administradores de áreas protegidas y de fauna silvestre",
        ),
        "Law-enforcement officers (customs, police, rangers)": (
            "Agents chargés de l'application de la loi (douanes, police, gardes)",
            "Agentes del orden (aduanas, policía, guardas)",
        ),
        "Local trainers": ("Formateurs locaux", "Formadores locales"),
        "Local communities": ("Communautés locales", "Comunidades locales"),
        "NGOs and civil society": ("ONG et société civile", "ONG y sociedad civil"),
    },
    "Language": {
        "English": ("Anglais", "Inglés"),
        "French": ("Français", "Francés"),
        "Spanish": ("Espagnol", "Español"),
        "Arabic": ("Arabe", "Árabe"),
        "Russian": ("Russe", "Ruso"),
        "Portuguese": ("Portugais", "Portugués"),
        "Chinese": ("Chinois", "Chino"),
    },
}


LOOKUP_MODELS = ("TrainingTopic", "TrainingType", "TargetGroup", "Language")
ENGLISH = {
    "TrainingTopic": TOPICS,
    "TrainingType": TYPES,
    "TargetGroup": TARGET_GROUPS,
}


def _has_field(model, name):
    return any(field.name == name for field in model._meta.get_fields())


def seed_lookups(models, *, create=True):
    """Seed the lookup lists into ``models`` (model name -> model class, see LOOKUP_MODELS).

    With ``create``, every value missing from a list is added (matched by its English name, a
    language by its code), in the order above. Where the models have French and Spanish columns
    (from needs 0006 on), the translations are filled in, only where still empty, so a
    Secretariat edit survives.
    """
    if create:
        for model_name, english in ENGLISH.items():
            model = models[model_name]
            for order, name in enumerate(english, start=1):
                model.objects.get_or_create(name=name, defaults={"order": order})
        language = models["Language"]
        for order, (code, name) in enumerate(LANGUAGES, start=1):
            language.objects.get_or_create(code=code, defaults={"name": name, "order": order})
    for model_name, translations in NAMES.items():
        model = models[model_name]
        if not _has_field(model, "name_fr"):
            continue  # before the translated columns exist
        for row in model.objects.filter(name_en__in=translations):
            french, spanish = translations[row.name_en]
            row.name_fr = row.name_fr or french
            row.name_es = row.name_es or spanish
            row.save(update_fields=["name_fr", "name_es"])
