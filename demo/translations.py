"""French and Spanish for the demo data (seed_demo fills content in the three languages)."""

# English text -> (French, Spanish)
QUESTIONS = {
    "How relevant was the activity to your country's needs?": (
        "Dans quelle mesure l'activité répondait-elle aux besoins de votre pays ?",
        "¿En qué medida respondió la actividad a las necesidades de su país?",
    ),
    "How useful were the training materials?": (
        "Quelle a été l'utilité des supports de formation ?",
        "¿Qué utilidad tuvieron los materiales de formación?",
    ),
    "How well did the trainers explain CMS obligations?": (
        "Les formateurs ont-ils bien expliqué les obligations découlant de la CMS ?",
        "¿Explicaron bien los formadores las obligaciones derivadas de la CMS?",
    ),
    "How well was the activity organised?": (
        "L'activité était-elle bien organisée ?",
        "¿Estuvo bien organizada la actividad?",
    ),
    "How confident are you now in implementing CMS instruments?": (
        "Dans quelle mesure vous sentez-vous désormais capable de mettre en œuvre les "
        "instruments de la CMS ?",
        "¿En qué medida se siente ahora capaz de aplicar los instrumentos de la CMS?",
    ),
    "How well did the activity reach women and men alike?": (
        "L'activité a-t-elle touché les femmes autant que les hommes ?",
        "¿Llegó la actividad por igual a mujeres y hombres?",
    ),
    "How useful was the CMS Handbook for this work?": (
        "Quelle a été l'utilité du Manuel de la CMS pour ce travail ?",
        "¿Qué utilidad tuvo el Manual de la CMS para este trabajo?",
    ),
    "How likely is your institution to apply what was learnt?": (
        "Quelle est la probabilité que votre institution applique ce qui a été appris ?",
        "¿Qué probabilidad hay de que su institución aplique lo aprendido?",
    ),
    "Was the activity held in a language your staff work in?": (
        "L'activité s'est-elle tenue dans une langue de travail de votre personnel ?",
        "¿Se celebró la actividad en un idioma de trabajo de su personal?",
    ),
    "Have you shared the materials with colleagues?": (
        "Avez-vous partagé les supports avec vos collègues ?",
        "¿Ha compartido los materiales con sus colegas?",
    ),
    "Has your country changed a procedure as a result?": (
        "Votre pays a-t-il modifié une procédure en conséquence ?",
        "¿Ha modificado su país algún procedimiento como resultado?",
    ),
    "Would you take part in a follow-up training?": (
        "Participeriez-vous à une formation de suivi ?",
        "¿Participaría en una formación de seguimiento?",
    ),
    "Which format suits your country best?": (
        "Quel format convient le mieux à votre pays ?",
        "¿Qué formato se adapta mejor a su país?",
    ),
    "How often should such trainings be held?": (
        "À quelle fréquence de telles formations devraient-elles avoir lieu ?",
        "¿Con qué frecuencia deberían celebrarse estas formaciones?",
    ),
    "Who in your country benefited most?": (
        "Qui, dans votre pays, en a le plus bénéficié ?",
        "¿Quién se benefició más en su país?",
    ),
    "Which topics should a follow-up cover?": (
        "Quels thèmes une formation de suivi devrait-elle couvrir ?",
        "¿Qué temas debería abarcar una formación de seguimiento?",
    ),
    "Which partners should be involved?": (
        "Quels partenaires devraient être associés ?",
        "¿Qué asociados deberían participar?",
    ),
    "How many officials in your country have used what was learnt?": (
        "Combien de fonctionnaires de votre pays ont utilisé ce qui a été appris ?",
        "¿Cuántos funcionarios de su país han utilizado lo aprendido?",
    ),
    "What should the Secretariat change next time?": (
        "Que devrait changer le Secrétariat la prochaine fois ?",
        "¿Qué debería cambiar la Secretaría la próxima vez?",
    ),
}
CHOICES = {
    "Regional workshop": ("Atelier régional", "Taller regional"),
    "National workshop": ("Atelier national", "Taller nacional"),
    "Online": ("En ligne", "En línea"),
    "Every year": ("Chaque année", "Cada año"),
    "Every triennium": ("Chaque triennat", "Cada trienio"),
    "When needed": ("En cas de besoin", "Cuando sea necesario"),
    "Focal point": ("Correspondant national", "Punto focal nacional"),
    "Ministry staff": ("Personnel du ministère", "Personal del ministerio"),
    "Field staff": ("Personnel de terrain", "Personal sobre el terreno"),
    "National reporting": ("Rapports nationaux", "Informes nacionales"),
    "Species listing": ("Inscription des espèces", "Inclusión de especies"),
    "Bycatch": ("Prises accessoires", "Captura incidental"),
    "Illegal killing": ("Abattage illégal", "Matanza ilegal"),
    "Flyway management": ("Gestion des voies de migration", "Gestión de las rutas migratorias"),
    "UNEP": ("PNUE", "PNUMA"),
    "Ramsar": ("Ramsar", "Ramsar"),
    "CITES": ("CITES", "CITES"),
    "CBD": ("CDB", "CDB"),
    "NGOs": ("ONG", "ONG"),
}
PURPOSES = {
    "Training impact evaluation": (
        "Évaluation de l'impact de la formation",
        "Evaluación del impacto de la formación",
    ),
    "Handbook use survey": (
        "Enquête sur l'utilisation du Manuel",
        "Encuesta sobre el uso del Manual",
    ),
    "Capacity-building progress survey": (
        "Enquête sur l'avancement du renforcement des capacités",
        "Encuesta sobre el avance de la creación de capacidad",
    ),
    "Joint assessment with partner conventions": (
        "Évaluation conjointe avec les conventions partenaires",
        "Evaluación conjunta con las convenciones asociadas",
    ),
}
QUESTIONNAIRE_INTRODUCTION = (
    "Your answers help the Secretariat improve the next trainings.",
    "Vos réponses aident le Secrétariat à améliorer les prochaines formations.",
    "Sus respuestas ayudan a la Secretaría a mejorar las próximas formaciones.",
)
ROUND_TITLE = (
    "Training needs assessment {year}",
    "Évaluation des besoins de formation {year}",
    "Evaluación de las necesidades de formación {year}",
)
ROUND_INSTRUCTIONS = (
    "List your country's training needs by priority and urgency.",
    "Indiquez les besoins de formation de votre pays par ordre de priorité et d'urgence.",
    "Indique las necesidades de formación de su país por orden de prioridad y urgencia.",
)
CHAPTERS = {
    "Introduction to CMS": ("Introduction à la CMS", "Introducción a la CMS"),
    "The Appendices and listing": (
        "Les Annexes et l'inscription des espèces",
        "Los Apéndices y la inclusión de especies",
    ),
    "Agreements and MOUs": (
        "Accords et mémorandums d'entente",
        "Acuerdos y memorandos de entendimiento",
    ),
    "National reporting": ("Rapports nationaux", "Informes nacionales"),
    "Integrating migratory species into NBSAPs": (
        "Intégration des espèces migratrices dans les SPANB",
        "Integración de las especies migratorias en las EPANB",
    ),
    "Flyways and migration routes": (
        "Voies de migration aériennes et routes migratoires",
        "Rutas aéreas y rutas migratorias",
    ),
    "Threats: bycatch, illegal killing, infrastructure": (
        "Menaces : prises accessoires, abattage illégal, infrastructures",
        "Amenazas: captura incidental, matanza ilegal, infraestructuras",
    ),
    "Funding and project design": (
        "Financement et conception de projets",
        "Financiación y diseño de proyectos",
    ),
}
STRANDS = {
    "Development of National/Regional Capacity Building Training Programmes": (
        "Élaboration de programmes nationaux et régionaux de formation au renforcement des "
        "capacités",
        "Elaboración de programas nacionales y regionales de formación para la creación de "
        "capacidad",
    ),
    "Strengthening institutional capacity of the NFPs to implement CMS instruments": (
        "Renforcer la capacité institutionnelle des correspondants nationaux à mettre en œuvre "
        "les instruments de la CMS",
        "Fortalecer la capacidad institucional de los puntos focales nacionales para aplicar los "
        "instrumentos de la CMS",
    ),
    "Development of CMS Handbook": (
        "Élaboration du Manuel de la CMS",
        "Elaboración del Manual de la CMS",
    ),
    "Parties equipped with a handbook on CMS and its instruments": (
        "Des Parties dotées d'un manuel sur la CMS et ses instruments",
        "Partes dotadas de un manual sobre la CMS y sus instrumentos",
    ),
    "Improving the Assessment of the Progress and Impact of Capacity Building Activities": (
        "Améliorer l'évaluation des progrès et de l'impact des activités de renforcement des "
        "capacités",
        "Mejora de la evaluación de los progresos y del impacto de las actividades de creación "
        "de capacidad",
    ),
    "Progress and impact of capacity building measured with common indicators": (
        "Progrès et impact du renforcement des capacités mesurés à l'aide d'indicateurs communs",
        "Progresos e impacto de la creación de capacidad medidos con indicadores comunes",
    ),
}
# Activity title patterns of the generated plans: {topic}, {region}, {language}, {partner}.
ACTIVITY_PATTERNS = {
    "Training needs assessment on {topic}": (
        "Évaluation des besoins de formation : {topic}",
        "Evaluación de las necesidades de formación: {topic}",
    ),
    "Objectives and target groups clarified for {topic}": (
        "Objectifs et groupes cibles précisés : {topic}",
        "Objetivos y grupos destinatarios precisados: {topic}",
    ),
    "Training modules designed on {topic}": (
        "Modules de formation conçus : {topic}",
        "Módulos de formación diseñados: {topic}",
    ),
    "Regional training on {topic} in {region}": (
        "Formation régionale ({region}) : {topic}",
        "Formación regional ({region}): {topic}",
    ),
    "Impact evaluation of trainings on {topic}": (
        "Évaluation de l'impact des formations : {topic}",
        "Evaluación del impacto de las formaciones: {topic}",
    ),
    "Follow-up training on {topic} in {region}": (
        "Formation de suivi ({region}) : {topic}",
        "Formación de seguimiento ({region}): {topic}",
    ),
    "Working group meeting on the handbook chapter on {topic}": (
        "Réunion du groupe de travail sur le chapitre du Manuel consacré au thème : {topic}",
        "Reunión del grupo de trabajo sobre el capítulo del Manual dedicado al tema: {topic}",
    ),
    "Content suggestions gathered on {topic}": (
        "Suggestions de contenu recueillies : {topic}",
        "Sugerencias de contenido recopiladas: {topic}",
    ),
    "Design and translation of the handbook into {language}": (
        "Conception et traduction du Manuel en {language}",
        "Diseño y traducción del Manual al {language}",
    ),
    "Training-of-trainers workshop in {region}": (
        "Atelier de formation de formateurs ({region})",
        "Taller de formación de formadores ({region})",
    ),
    "Dialogue between officials and scientists on {topic}": (
        "Dialogue entre fonctionnaires et scientifiques : {topic}",
        "Diálogo entre funcionarios y científicos: {topic}",
    ),
    "Distribution of the handbook in {region}": (
        "Diffusion du Manuel ({region})",
        "Distribución del Manual ({region})",
    ),
    "Evaluation questionnaire after trainings in {region}": (
        "Questionnaire d'évaluation après les formations ({region})",
        "Cuestionario de evaluación tras las formaciones ({region})",
    ),
    "Common indicators agreed with {partner}": (
        "Indicateurs communs convenus avec {partner}",
        "Indicadores comunes acordados con {partner}",
    ),
    "Progress report to the Standing Committee on {topic}": (
        "Rapport d'avancement au Comité permanent : {topic}",
        "Informe de avance al Comité Permanente: {topic}",
    ),
}
LANGUAGE_NAMES = {
    "French": ("français", "francés"),
    "Spanish": ("espagnol", "español"),
    "Arabic": ("arabe", "árabe"),
    "Russian": ("russe", "ruso"),
}
PLAN_TITLE = (
    "CMS Capacity Building Work Plan {start}-{end}",
    "Plan de travail de la CMS pour le renforcement des capacités {start}-{end}",
    "Plan de trabajo de la CMS para la creación de capacidad {start}-{end}",
)
PLAN_INTRODUCTION = (
    "The capacity-building work plan of CMS for the triennium {start}-{end}.",
    "Le plan de travail de la CMS pour le renforcement des capacités du triennat {start}-{end}.",
    "El plan de trabajo de la CMS para la creación de capacidad del trienio {start}-{end}.",
)
METHODOLOGY = (
    "Carried out by the CMS Secretariat with the Parties, {start}-{end}.",
    "Mise en œuvre par le Secrétariat de la CMS avec les Parties, {start}-{end}.",
    "Ejecutada por la Secretaría de la CMS con las Partes, {start}-{end}.",
)
ADOPTED_BY = (
    "Meeting of the Conference of the Parties, November {year}",
    "Session de la Conférence des Parties, novembre {year}",
    "Reunión de la Conferencia de las Partes, noviembre de {year}",
)
DOCUMENT_SYMBOL = (
    "COP Agenda Item {n}",
    "COP, point {n} de l'ordre du jour",
    "COP, tema {n} del programa",
)
# Responsibility as the generated plans write it: body codes, joined by commas.
BODY_CODES = {
    "CMS Sec.": ("Secrétariat de la CMS", "Secretaría de la CMS"),
    "NFPs": ("correspondants nationaux", "puntos focales nacionales"),
    "ScC": ("Conseil scientifique", "Consejo Científico"),
    "StC": ("Comité permanent", "Comité Permanente"),
    "other relevant partners": ("autres partenaires concernés", "otros asociados pertinentes"),
    "UNEP": ("PNUE", "PNUMA"),
    "BLG": (
        "Groupe de liaison sur la biodiversité",
        "Grupo de Enlace sobre la Diversidad Biológica",
    ),
}
