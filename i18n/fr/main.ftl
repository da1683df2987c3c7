# Interface du site, en français. Chaque identifiant existe aussi dans i18n/en/main.ftl :
# la compilation échoue sinon (build.rs).

lang-name-fr = Français
lang-name-en = English
skip-link = Aller au contenu
nav-label = Navigation principale
switcher-label = Langue
switcher-home = accueil
switcher-unavailable = Cette page n’existe pas en français : le lien mène à l’accueil en français.
breadcrumbs-label = Fil d’Ariane
breadcrumbs-home = Accueil
footer-about = Le partenariat numérique du Conseil de l’Europe avec les entreprises technologiques.
root-enter = Entrer sur le site en français
editorial-note = Note de la rédaction

nav-partners = Partenaires
nav-activities = Plan de travail

partners-title = Partenaires numériques
partners-intro = { $count ->
    [one] Le partenariat compte { $count } partenaire
   *[other] Le partenariat compte { $count } partenaires
  }, dont le siège se trouve dans { $countries ->
    [one] { $countries } pays
   *[other] { $countries } pays
  }.
partner-name = Nom
partner-kind = Type
partner-country = Pays du siège
partner-sector = Secteur
partner-signed = Échange de lettres
partner-cohort = Vague
partner-status = Statut
partner-ended-on = (fin le { $date })
partner-variants = Autres appellations
partner-profile = Profil
partner-activities = Activités du plan de travail 2018-2021
partner-engagement = { $count ->
    [0] Aucune activité du plan de travail ne mentionne ce partenaire.
    [one] Ce partenaire a participé à { $count } activité du plan de travail.
   *[other] Ce partenaire a participé à { $count } activités du plan de travail.
  }

partner-kind-company = Entreprise
partner-kind-business-association = Association d’entreprises
partner-kind-professional-association = Association professionnelle
partner-status-active = Actif
partner-status-joining = En cours d’adhésion
partner-status-ended = Partenariat terminé

activities-title = Plan de travail 2018-2021
activities-intro = { $count ->
    [one] { $count } activité
   *[other] { $count } activités
  } du Conseil de l’Europe auxquelles les partenaires ont été associés.
activity-category = Catégorie
activity-sector = Secteur ou organe
activity-date = Date
activity-date-as-written = source : « { $text } »
activity-domains = Domaines
activity-partners = Partenaires
activity-no-partners = Aucun partenaire nommé
activity-others = Autres organisations
activity-description = Description

category-binding = Normalisation contraignante
category-non-binding = Normalisation non contraignante
category-study = Études
category-event = Conférences, tables rondes, webinaires

month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre
date-day-month-year = { $day ->
    [1] 1er
   *[other] { $day }
  } { $month } { $year }
date-month-year = { $month } { $year }
date-range = du { $start } au { $end }
date-none = date non précisée
