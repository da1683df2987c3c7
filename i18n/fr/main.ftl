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
date-day-month = { $day ->
    [1] 1er
   *[other] { $day }
  } { $month }
month-alone = { $month }
# Une période : chaque borne est une locution (« du 3 mars », « d’avril », « au 5 mai »,
# « à mai ») selon sa précision ; $month sert à l’élision devant avril, août, octobre.
date-range-start = { $precision ->
    [day] du { $date }
   *[other] { $month ->
        [4] d’{ $date }
        [8] d’{ $date }
        [10] d’{ $date }
       *[other] de { $date }
    }
  }
date-range-end = { $precision ->
    [day] au { $date }
   *[other] à { $date }
  }
date-range = { $start } { $end }
date-range-same-year = { $start } { $end } { $year }
date-range-same-month = du { $start_day ->
    [1] 1er
   *[other] { $start_day }
  } au { $end_day } { $month } { $year }
date-none = date non précisée

home-figures = Le partenariat en chiffres
home-latest = Dernières activités
home-entries = Pour aller plus loin
figure-partners = { $count ->
    [one] partenaire
   *[other] partenaires
  }
figure-countries = { $count ->
    [one] pays de siège
   *[other] pays de siège
  }
figure-activities = { $count ->
    [one] activité du plan de travail { $years }
   *[other] activités du plan de travail { $years }
  }
figure-joining = { $count ->
    [one] nouveau partenaire en cours d’adhésion
   *[other] nouveaux partenaires en cours d’adhésion
  }
year-range = { $start }-{ $end }
on-this-page = Sur cette page

filter-by-kind = Par type
filter-by-country = Par pays du siège
filter-by-cohort = Par vague d’adhésion

taxonomy-summary = { $count ->
    [one] { $count } partenaire
   *[other] { $count } partenaires
  }, { $countries ->
    [one] { $countries } pays de siège
   *[other] { $countries } pays de siège
  }.
taxonomy-by-country = Partenaires par pays du siège
taxonomy-by-country-column = Pays
taxonomy-by-kind = Partenaires par type
taxonomy-by-kind-column = Type
taxonomy-by-cohort = Partenaires par vague d’adhésion
taxonomy-by-cohort-column = Vague
taxonomy-partners = Partenaires
taxonomy-share = Part
taxonomy-total = Total

activity-title = Activité
activities-by-year = Par année
activities-by-domain = Par domaine
domain-intro = { $count ->
    [one] { $count } activité du plan de travail relève de ce domaine.
   *[other] { $count } activités du plan de travail relèvent de ce domaine.
  }

status-completed = Complété
status-finished = Terminé
status-in-progress = En cours
status-in-preparation = En préparation
status-not-stated = Statut non précisé
strategy-entity = Grande entité administrative
strategy-committee = Comité directeur ou autre structure
strategy-deadline = Échéance

conclusions-intro = Conclusions approuvées par le Conseil de l’Union européenne le { $date } (document { $reference }).
conclusions-cover = Page de garde du document
conclusions-paragraph-prefix = Paragraphe
footnotes = Notes
footnote-back = Retour à l’appel de note { $number }

not-found-title = Page introuvable
not-found-text = Cette adresse ne correspond à aucune page du site. Elle a peut-être changé, ou contient une faute de frappe.
not-found-home = Retourner à l’accueil
strategy-deadline-value = Échéance : { $deadline }
nav-strategy = Stratégie 2016-2019
nav-conclusions = Diplomatie numérique de l’UE
feed-title = Fil Atom du partenariat : activités et actualités
feed-partner-joined = { $name } rejoint le partenariat numérique
feed-partner-joined-summary = { $name } devient partenaire du Conseil de l’Europe.
feed-partner-ended = Fin du partenariat avec { $name }
feed-partner-ended-summary = { $name } n’est plus partenaire du Conseil de l’Europe.
feed-entry-summary = { $category } · { $sector }
footer-open-data = Données ouvertes :
last-updated = Dernière mise à jour : { $date }
