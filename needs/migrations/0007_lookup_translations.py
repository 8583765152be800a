"""French and Spanish names for the lookup lists seeded by 0002 (only where still empty)."""

from django.db import migrations

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
        "Scientists and researchers": ("Scientifiques et chercheurs", "Científicos e investigadores"),
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


def translate(apps, schema_editor):
    for model_name, names in NAMES.items():
        model = apps.get_model("needs", model_name)
        for row in model.objects.filter(name_en__in=names):
            french, spanish = names[row.name_en]
            row.name_fr = row.name_fr or french
            row.name_es = row.name_es or spanish
            row.save(update_fields=["name_fr", "name_es"])


class Migration(migrations.Migration):
    dependencies = [("needs", "0006_translated_content")]

    operations = [migrations.RunPython(translate, migrations.RunPython.noop)]
