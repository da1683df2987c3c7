# Interface du site, en français. Chaque identifiant existe aussi dans i18n/en/main.ftl :
# la compilation échoue sinon (build.rs).

lang-name-fr = Français
lang-name-en = English
skip-link = Aller au contenu
nav-label = Navigation principale
menu = Menu
switcher-label = Langue
switcher-home = accueil
switcher-unavailable = Cette page n’existe pas en français : le lien mène à l’accueil en français.
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
partner-country-source = Non indiqué par les sources : { $source }.
# Le repère des pays que les sources n’indiquent pas (liste des partenaires, rapport), et sa note.
not-in-sources-mark = †
partners-country-mark = siège non indiqué par les sources
partners-country-note = Pays du siège non indiqué par les sources : une décision éditoriale, expliquée sur la page du partenaire.
partner-profile = Profil
partner-facts = En bref
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

activities-title = { $plans ->
    [one] { $title }
   *[other] Plans de travail
  }
activities-intro = { $count ->
    [one] { $count } activité
   *[other] { $count } activités
  } du Conseil de l’Europe auxquelles les partenaires ont été associés.
activity-category = Catégorie
activity-sector = Secteur ou organe
activity-date = Date
activity-date-as-written = source : « { $text } »
# Une activité dont la source ne donne pas de titre : le titre est celui de la rédaction.
activity-editorial-title = Titre de la rédaction : la source ne donne pas de titre à cette ligne du plan de travail.
activity-editorial-title-why = Voir la note de la rédaction.
activity-editorial-title-short = titre de la rédaction
activity-domains = Domaines
activity-partners = Partenaires
activity-no-partners = Aucun partenaire nommé
activity-others = Autres organisations
activity-description = Description


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
    [one] activité { $plans ->
        [one] du plan de travail
       *[other] des plans de travail
    } { $years }
   *[other] activités { $plans ->
        [one] du plan de travail
       *[other] des plans de travail
    } { $years }
  }
figure-joining = { $count ->
    [one] nouveau partenaire en cours d’adhésion
   *[other] nouveaux partenaires en cours d’adhésion
  }
year-range = { $start }-{ $end }
on-this-page = Sur cette page
# The heading of a page's contents list (`toc: true`).
toc-title = Sommaire

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
# The text of the page at a former address, before the link to the page now.
redirect-moved = Cette page a changé d’adresse :
strategy-deadline-value = Échéance : { $deadline }
nav-strategy = Stratégie 2016-2019
nav-conclusions = Diplomatie numérique de l’UE
feed-title = Fil Atom du partenariat : activités et actualités
feed-partner-joined = { $name } rejoint le partenariat numérique
feed-partner-joined-summary = { $name } devient partenaire du Conseil de l’Europe.
feed-partner-ended = Fin du partenariat avec { $name }
feed-partner-ended-summary = { $name } n’est plus partenaire du Conseil de l’Europe.
feed-entry-summary = { $category } · { $sector }
footer-open-data = Données ouvertes :
# Sur les pages de la stratégie et des conclusions : leurs fichiers de données ouvertes.
downloads-this-data = Télécharger ces données :

# Plan du site : toutes les pages d’une langue.
site-index-title = Plan du site
site-index-intro = Toutes les pages du site en français, chacune sous la liste dont elle fait partie.
last-updated = Dernière mise à jour : { $date }

# Graphiques (src/charts.rs) : titres, descriptions (le <desc> du SVG), légendes, axes, tableaux.
chart-data = Données de ce graphique
chart-total = Total
chart-count-share = { $count } ({ $share })
chart-partner = Partenaire
chart-partners = Partenaires
chart-share = Part
chart-activities = Activités
chart-date = Date

chart-engagement-title = Taux d’engagement des partenaires dans { $plans ->
    [one] le plan de travail
   *[other] les plans de travail
  } { $years }
chart-engagement-desc = Diagramme en barres horizontales, une barre par partenaire ({ $partners }), du plus engagé au moins engagé : le nombre d’activités du plan de travail, sur { $total }, auxquelles chaque partenaire a pris part, et leur part. { $first } arrive en tête, avec { $count } activités.
chart-engagement-axis = Activités du plan de travail auxquelles le partenaire a pris part
chart-engagement-rate = Taux d’engagement
chart-engagement-method = Mode de calcul : le taux d’engagement d’un partenaire est le nombre d’activités du plan de travail dont les participants, tels que les énumère le document de situation, comprennent ce partenaire, divisé par l’ensemble des { $total } activités { $plans ->
    [one] du plan de travail
   *[other] des plans de travail
  } { $years }. Une activité à plusieurs partenaires compte pour chacun d’eux ; la somme des taux dépasse donc 100 %. Le graphique montre tous les partenaires de la liste, y compris ceux dont le partenariat a pris fin et ceux qui doivent le rejoindre.
partners-engagement-link = L’engagement de chaque partenaire dans le plan de travail

chart-domains-title = Domaines d’activité avec les partenaires { $years }
chart-domains-desc = Diagramme en barres horizontales empilées, une barre par domaine ({ $domains }), du plus grand au plus petit : le nombre d’activités du plan de travail de chaque domaine, réparti entre normalisation contraignante, normalisation non contraignante, études, et conférences, tables rondes et webinaires. { $first } arrive en tête, avec { $count } activités.
chart-domains-axis = Nombre d’activités du plan de travail
chart-domains-note = Une activité peut relever de deux domaines : elle compte alors dans chacun, et la somme des domaines dépasse le nombre d’activités du plan de travail.
chart-domain = Domaine

chart-countries-title = Partenaires par pays du siège
chart-countries-desc = Diagramme en barres horizontales, une barre par pays ({ $groups }) : combien des { $total } partenaires y ont leur siège, et leur part. { $first } arrive en tête, avec { $count } partenaires.
chart-kinds-title = Partenaires par type
chart-kinds-desc = Diagramme en barres horizontales, une barre par type de partenaire ({ $groups }) : combien des { $total } partenaires sont de ce type, et leur part. Le type « { $first } » arrive en tête, avec { $count } partenaires.
chart-partners-axis = Nombre de partenaires
chart-country = Pays
chart-kind = Type

chart-membership-title = Nombre de partenaires au fil du temps, { $start }-{ $end }
chart-membership-desc = Courbe en escalier du nombre de partenaires, qui augmente à chaque échange de lettres : { $first } le { $first_date }, { $members } après le dernier changement, le { $last_date }.
chart-membership-desc-ended = Le partenariat avec { $names } a pris fin le { $date } (ligne verticale en tirets).
chart-membership-desc-joining = { $count ->
    [one] { $count } partenaire doit rejoindre le partenariat (ligne en tirets).
   *[other] { $count } partenaires doivent rejoindre le partenariat (ligne en tirets).
  }
chart-membership-axis = Nombre de partenaires
chart-membership-partners = Partenaires (lettres échangées)
chart-membership-joining = Avec les adhésions en cours
chart-membership-ended = Fin du partenariat avec { $names }, { $date }
chart-membership-joined = Échange de lettres
chart-membership-left = Fin du partenariat
chart-membership-count = Partenaires
chart-membership-due = { $names } (adhésion en cours)
chart-membership-with-joining = { $members } ({ $with_joining } avec les adhésions en cours)

chart-strategy-title = Résultats attendus de la stratégie par statut, pour chaque thème
chart-strategy-desc = Diagramme en barres horizontales empilées, une barre par thème de la stratégie ({ $themes }) : ses résultats attendus, les lignes du tableau d’avancement, par statut : complété, terminé, en cours, en préparation. Sur { $total } résultats attendus, { $done } sont complétés ou terminés et { $in_progress } en cours.
chart-strategy-axis = Nombre de résultats attendus
chart-theme = Thème

# Rapport annuel (src/pages/report.rs, templates/report.html) : le document de situation d’une
# année, fait des mêmes données que le site.
list-and = { $head } et { $last }
-annual-report = Rapport annuel
report-subtitle = { -annual-report } { $year }
# Le rapport comme page du site, dans les listes : le titre de sa route est son année.
report-page-title = { -annual-report } { $title }
report-dateline = { $place }, { $date }
report-as-of = Situation au { $date }
report-running-header = { $title } · Rapport annuel { $year }
report-website = Site web
report-email = E-mail
report-contents = Contenu
report-others-cell = Autres organisations : { $names }
report-home = Site du partenariat numérique
report-in-this-language = Version française
report-print-note = Ce document est imprimable : son format A4 vaut pour l’impression et l’enregistrement en PDF.
report-chapter-partners = Liste et taxonomie des partenaires numériques
report-section-list = Liste des partenaires numériques
report-section-taxonomy = Taxonomie des partenaires numériques
report-chapter-profiles = Profils individuels des partenaires numériques
report-chapter-ongoing = Processus en cours en { $year }
report-chapter-work-plan = Plan de travail
report-list-all = Liste complète ({ $count }) : { $names }.
report-list-cohort = Liste { $cohort } ({ $count }) : { $names }.
report-joined = { $count ->
    [0] Aucun échange de lettres en { $year } à la date de ce document.
    [one] Échange de lettres en { $year } ({ $count }) : { $names }.
   *[other] Échanges de lettres en { $year } ({ $count }) : { $names }.
  }
report-left = { $count ->
    [one] Fin de partenariat en { $year } ({ $count }) : { $names }.
   *[other] Fins de partenariat en { $year } ({ $count }) : { $names }.
  }
report-joining = { $year } : processus en cours ({ $count }) : { $names }.
report-country-count = { $country } ({ $count } sur { $total })
report-countries = { $total ->
    [one] Le partenaire a son siège
   *[other] Les { $total } partenaires ont leur siège
  } dans { $countries ->
    [one] un pays
   *[other] { $countries } pays
  } : { $list }.
# Sous la phrase des pays : les partenaires dont les sources n’indiquent pas le siège ($list : « GNI et IEEE (États-Unis) », …).
report-countries-not-in-sources = { $mark } Siège non indiqué par les sources, pays retenu par décision éditoriale (voir la page de chaque partenaire) : { $list }.
report-country-partners = { $names } ({ $country })
# Note de la rédaction sous les chiffres par type (page de taxonomie, rapport) quand la source en donne d’autres ; $stated : « 15 entreprises, 7 associations d’entreprises et 3 associations professionnelles », $computed : « 14, 8 et 3 ».
stated-kinds = { $source } compte { $stated }, là où les données en comptent { $computed }.
report-kinds = { $total ->
    [one] Le partenaire est
   *[other] Les partenaires sont
  } { $list }.
report-kind-company = { $count ->
    [one] { $count } entreprise
   *[other] { $count } entreprises
  }
report-kind-business-association = { $count ->
    [one] { $count } association d’entreprises
   *[other] { $count } associations d’entreprises
  }
report-kind-professional-association = { $count ->
    [one] { $count } association professionnelle
   *[other] { $count } associations professionnelles
  }
report-introduced = Introduit au TC-INF le { $date }.
report-no-ongoing = Aucune adhésion n’est en cours.
report-work-plan-intro = { $count ->
    [0] Aucune activité du plan de travail n’est datée de { $year } ou d’avant.
    [one] Le tableau suivant présente l’activité { $plans ->
        [one] du plan de travail
       *[other] des plans de travail
    } { $years } à laquelle des partenaires ont été associés.
   *[other] Les tableaux suivants présentent, par catégorie, les { $count } activités { $plans ->
        [one] du plan de travail
       *[other] des plans de travail
    } { $years } auxquelles des partenaires ont été associés.
  }
report-others = Les tableaux suivants mentionnent également des entreprises et associations qui ne sont actuellement pas membres du partenariat, telles que : { $names }. Les activités avec leur participation sont incluses pour une meilleure transparence et une perspective plus complète de l’implication du Conseil avec la communauté des affaires.
report-category = { $category } ({ $count })
report-plan-category = { $plan } — { $category } ({ $count })

# The preview's error panel (`passerelle serve`, src/serve/overlay.rs), over a page in this
# language while the site has errors. The diagnostics themselves stay in the tool's words.
preview-failed = { $errors ->
    [one] Échec de la construction : { $errors } erreur
   *[other] Échec de la construction : { $errors } erreurs
  }
preview-failed-explanation = L’aperçu montre toujours la dernière version correcte de chaque page. Corrigez le fichier et enregistrez : ce panneau disparaîtra de lui-même.
preview-hide = Masquer
    .title = Masquer jusqu’à la prochaine modification
preview-error = erreur :
preview-warning = avertissement :
preview-help = aide :

# The label of an aside placed with the `note` shortcode, by its `kind`.
shortcode-note-note = Note
shortcode-note-important = Important

## The search box in the header. Without JavaScript it is a link to every page
## (search-fallback); `%q` and `%n` are filled in by the script.
search-fallback = Toutes les pages
search-label = Rechercher dans le site
search-placeholder = Rechercher…
search-searching = Recherche en cours…
search-none = Aucun résultat pour « %q ».
search-count-one = %n résultat
search-count-other = %n résultats
search-all = Toutes les pages du site
search-failed = La recherche n’a pas pu se charger : utilisez la liste de toutes les pages.
search-results-label = Résultats de la recherche

# Ce que montre un lien vers une page partagé ailleurs (réseaux sociaux, messageries) : la
# description d’une page qui n’en a pas, et le texte de remplacement de son image.
social-description = Le partenariat numérique du Conseil de l’Europe avec les entreprises technologiques : ses partenaires, son plan de travail, l’avancement de la Stratégie sur la gouvernance de l’internet et les conclusions du Conseil sur la diplomatie numérique de l’UE.
social-image-alt = { $title } — { $site }
# Sous le titre de la carte de la page d’accueil, qui est celui du site.
social-card-home = Entreprises technologiques et Conseil de l’Europe, pour un internet sûr et ouvert

# La description d’une page engendrée (<meta name="description"> et og:description), ce que
# les moteurs de recherche et les liens partagés montrent sous son titre ; une page qui a un
# texte à elle (un partenaire, une activité, la `description` d’une page Markdown) prend celui-ci.
partners-description = Les { $count } partenaires du partenariat numérique du Conseil de l’Europe avec les entreprises technologiques : qui ils sont, quand ils l’ont rejoint et où en est chaque partenariat.
activities-description = { $count ->
    [one] L’activité du Conseil de l’Europe à laquelle
   *[other] Les { $count } activités du Conseil de l’Europe auxquelles
  } les partenaires du partenariat numérique ont été associés, tirées de ses plans de travail, par année et par domaine.
domain-description = { $domain } : { $count ->
    [one] l’activité du Conseil de l’Europe
   *[other] les { $count } activités du Conseil de l’Europe
  } des plans de travail du partenariat numérique qui relèvent de ce domaine.
strategy-description = { $title }. { $state }, pour chacune de ses { $count } actions.
strategy-description-undated = { $title } : l’avancement de chacune de ses { $count } actions.
conclusions-description = { $title } : les conclusions approuvées par le Conseil de l’Union européenne le { $date } (document { $reference }), paragraphe par paragraphe.
activity-summary = { $title } ({ $sector }, { $date }). { $category } ; { $count ->
    [one] partenaire
   *[other] partenaires
  } : { $partners }.
activity-summary-alone = { $title } ({ $sector }, { $date }). { $category }.
site-index-description = Toutes les pages du site du partenariat numérique du Conseil de l’Europe avec les entreprises technologiques en français, chacune sous la liste dont elle fait partie.
