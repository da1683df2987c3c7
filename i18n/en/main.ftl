# The site's interface, in English. Every id also exists in i18n/fr/main.ftl: the build
# fails otherwise (build.rs).

lang-name-fr = Français
lang-name-en = English
skip-link = Skip to content
nav-label = Main navigation
menu = Menu
switcher-label = Language
switcher-home = home page
switcher-unavailable = This page does not exist in English: the link goes to the English home page.
breadcrumbs-label = Breadcrumbs
breadcrumbs-home = Home
footer-about = The Council of Europe’s Digital Partnership with technology companies.
root-enter = Enter the site in English
editorial-note = Editor’s note

nav-partners = Partners
nav-activities = Work plan

partners-title = Digital partners
partners-intro = The partnership has { $count ->
    [one] { $count } partner
   *[other] { $count } partners
  }, headquartered in { $countries ->
    [one] { $countries } country
   *[other] { $countries } countries
  }.
partner-name = Name
partner-kind = Kind
partner-country = Headquarters
partner-sector = Sector
partner-signed = Exchange of letters
partner-cohort = Cohort
partner-status = Status
partner-ended-on = (ended on { $date })
partner-variants = Other names
partner-country-source = Not stated in the sources: { $source }.
# The mark of the countries the sources do not state (partners list, report), and its note.
not-in-sources-mark = †
partners-country-mark = headquarters not stated in the sources
partners-country-note = Country of headquarters not stated in the sources: an editorial decision, explained on the partner’s page.
partner-profile = Profile
partner-facts = At a glance
partner-activities = Work plan activities 2018–2021
partner-engagement = { $count ->
    [0] No work-plan activity names this partner.
    [one] This partner took part in { $count } work-plan activity.
   *[other] This partner took part in { $count } work-plan activities.
  }

partner-kind-company = Company
partner-kind-business-association = Business association
partner-kind-professional-association = Professional association
partner-status-active = Active
partner-status-joining = Joining
partner-status-ended = Partnership ended

activities-title = { $plans ->
    [one] { $title }
   *[other] Work plans
  }
activities-intro = { $count ->
    [one] { $count } Council of Europe activity
   *[other] { $count } Council of Europe activities
  } in which partners took part.
activity-category = Category
activity-sector = Sector or body
activity-date = Date
activity-date-as-written = source: “{ $text }”
# An activity whose source gives no title: the title is the editor's.
activity-editorial-title = Title written by the editor: the source gives this row of the work plan no title.
activity-editorial-title-why = See the editor’s note.
activity-editorial-title-short = title written by the editor
activity-domains = Domains
activity-partners = Partners
activity-no-partners = No partner named
activity-others = Other organisations
activity-description = Description


month-1 = January
month-2 = February
month-3 = March
month-4 = April
month-5 = May
month-6 = June
month-7 = July
month-8 = August
month-9 = September
month-10 = October
month-11 = November
month-12 = December
date-day-month-year = { $day } { $month } { $year }
date-month-year = { $month } { $year }
date-day-month = { $day } { $month }
month-alone = { $month }
# A period: each end is a phrase of its own, so that languages can choose prepositions.
date-range-start = { $date }
date-range-end = to { $date }
date-range = { $start } { $end }
date-range-same-year = { $start } { $end } { $year }
date-range-same-month = { $start_day }–{ $end_day } { $month } { $year }
date-none = date not given

home-figures = The partnership in figures
home-latest = Latest activities
home-entries = Find out more
figure-partners = { $count ->
    [one] partner
   *[other] partners
  }
figure-countries = { $count ->
    [one] country of headquarters
   *[other] countries of headquarters
  }
figure-activities = { $count ->
    [one] work-plan activity { $years }
   *[other] work-plan activities { $years }
  }
figure-joining = { $count ->
    [one] new partner joining
   *[other] new partners joining
  }
year-range = { $start }–{ $end }
on-this-page = On this page
# The heading of a page's contents list (`toc: true`).
toc-title = Contents

filter-by-kind = By kind
filter-by-country = By country of headquarters
filter-by-cohort = By cohort

taxonomy-summary = { $count ->
    [one] { $count } partner
   *[other] { $count } partners
  }, { $countries ->
    [one] { $countries } country of headquarters
   *[other] { $countries } countries of headquarters
  }.
taxonomy-by-cohort = Partners by cohort
taxonomy-by-cohort-column = Cohort
taxonomy-partners = Partners
taxonomy-share = Share
taxonomy-total = Total

activity-title = Activity
activities-by-year = By year
activities-by-domain = By domain
domain-intro = { $count ->
    [one] { $count } work-plan activity falls within this domain.
   *[other] { $count } work-plan activities fall within this domain.
  }

status-completed = Completed
status-finished = Finished
status-in-progress = In progress
status-in-preparation = In preparation
status-not-stated = Status not stated
strategy-entity = Major administrative entity
strategy-committee = Steering committee or other structure
strategy-deadline = Deadline

conclusions-intro = Conclusions approved by the Council of the European Union on { $date } (document { $reference }).
conclusions-cover = Cover page of the document
conclusions-paragraph-prefix = Paragraph
footnotes = Notes
footnote-back = Back to footnote call { $number }

not-found-title = Page not found
not-found-text = This address does not match any page of the site. It may have changed, or contain a typo.
not-found-home = Go to the home page
# The text of the page at a former address, before the link to the page now.
redirect-moved = This page has moved:
strategy-deadline-value = Deadline: { $deadline }
nav-strategy = Strategy 2016–2019
nav-conclusions = EU digital diplomacy
feed-title = Atom feed of the partnership: activities and news
feed-partner-joined = { $name } joins the Digital Partnership
feed-partner-joined-summary = { $name } becomes a partner of the Council of Europe.
feed-partner-ended = Partnership with { $name } ended
feed-partner-ended-summary = { $name } is no longer a partner of the Council of Europe.
feed-entry-summary = { $category } · { $sector }
footer-open-data = Open data:
# On the strategy and conclusions pages: their open data files.
downloads-this-data = Download this data:

# Site index: every page of a language.
site-index-title = Site index
site-index-intro = Every page of the site in English, each under the list it belongs to.
last-updated = Last updated: { $date }

# Charts (src/charts.rs): titles, descriptions (the SVG's <desc>), legends, axes, tables.
chart-data = Data of this chart
chart-total = Total
chart-count-share = { $count } ({ $share })
chart-partner = Partner
chart-partners = Partners
chart-share = Share
chart-activities = Activities
chart-date = Date

chart-engagement-title = Partners’ engagement rate in the { $plans ->
    [one] work plan
   *[other] work plans
  } { $years }
chart-engagement-desc = Horizontal bar chart, one bar per partner ({ $partners }), most engaged first: the number of the { $total } work-plan activities in which each partner took part, and its share of them. { $first } comes first, with { $count } activities.
chart-engagement-axis = Work-plan activities in which the partner took part
chart-engagement-rate = Engagement rate
chart-engagement-method = How the rate is computed: a partner’s engagement rate is the number of work-plan activities whose participants, as the status document lists them, include the partner, divided by all { $total } activities of the { $plans ->
    [one] work plan
   *[other] work plans
  } { $years }. An activity with several partners counts for each of them, so the rates do not add up to 100%. The chart shows every partner of the list, including those whose partnership has ended and those due to join.
partners-engagement-link = Each partner’s engagement in the work plan

chart-domains-title = Domains of activity with partners { $years }
chart-domains-desc = Stacked horizontal bar chart, one bar per domain ({ $domains }), largest first: the number of work-plan activities in each domain, split into binding standard-setting, non-binding standard-setting, studies, and conferences, round tables and webinars. { $first } comes first, with { $count } activities.
chart-domains-axis = Number of work-plan activities
chart-domains-note = An activity may fall within two domains: it then counts in both, so the domains add up to more than the work plan’s activities.
chart-domain = Domain

chart-countries-title = Partners by country of headquarters
chart-countries-desc = Horizontal bar chart, one bar per country ({ $groups }): how many of the { $total } partners have their headquarters there, and their share. { $first } comes first, with { $count } partners.
chart-kinds-title = Partners by kind
chart-kinds-desc = Horizontal bar chart, one bar per kind of partner ({ $groups }): how many of the { $total } partners are of that kind, and their share. { $first } comes first, with { $count } partners.
chart-partners-axis = Number of partners
chart-country = Country
chart-kind = Kind

chart-membership-title = Number of partners over time, { $start }–{ $end }
chart-membership-desc = Step line chart of the number of partners, which rises at each exchange of letters: { $first } on { $first_date }, { $members } after the last change, on { $last_date }.
chart-membership-desc-ended = The partnership with { $names } ended on { $date } (dashed vertical line).
chart-membership-desc-joining = { $count ->
    [one] { $count } partner is due to join (dashed line).
   *[other] { $count } partners are due to join (dashed line).
  }
chart-membership-axis = Number of partners
chart-membership-partners = Partners (letters exchanged)
chart-membership-joining = With the partners due to join
chart-membership-ended = End of the partnership with { $names }, { $date }
chart-membership-joined = Exchange of letters
chart-membership-left = End of the partnership
chart-membership-count = Partners
chart-membership-due = { $names } (due to join)
chart-membership-with-joining = { $members } ({ $with_joining } with those due to join)

chart-strategy-title = Expected results of the strategy by status, per theme
chart-strategy-desc = Stacked horizontal bar chart, one bar per theme of the strategy ({ $themes }): its expected results, the rows of the progress table, by status: completed, finished, in progress, in preparation. Of { $total } expected results, { $done } are completed or finished and { $in_progress } in progress.
chart-strategy-axis = Number of expected results
chart-theme = Theme

# Annual report (src/pages/report.rs, templates/report.html): the status document of one year,
# made from the same data as the site.
list-and = { $head } and { $last }
-annual-report = Annual report
report-subtitle = { -annual-report } { $year }
# The report as a page of the site, in lists: its route's title is its year.
report-page-title = { -annual-report } { $title }
report-dateline = { $place }, { $date }
report-as-of = Status as of { $date }
report-running-header = { $title } · Annual report { $year }
report-website = Website
report-email = E-mail
report-contents = Contents
report-others-cell = Other organisations: { $names }
report-home = The Digital Partnership’s website
report-in-this-language = English version
report-print-note = This document is printable: its A4 layout serves printing and saving as PDF.
report-chapter-partners = List and taxonomy of the digital partners
report-section-list = List of the digital partners
report-section-taxonomy = Taxonomy of the digital partners
report-chapter-profiles = Individual profiles of the digital partners
report-chapter-ongoing = Ongoing process in { $year }
report-chapter-work-plan = Work plan
report-list-all = Full list ({ $count }): { $names }.
report-list-cohort = List { $cohort } ({ $count }): { $names }.
report-joined = { $count ->
    [0] No exchange of letters in { $year } as of this document.
    [one] Exchange of letters in { $year } ({ $count }): { $names }.
   *[other] Exchanges of letters in { $year } ({ $count }): { $names }.
  }
report-left = { $count ->
    [one] Partnership ended in { $year } ({ $count }): { $names }.
   *[other] Partnerships ended in { $year } ({ $count }): { $names }.
  }
report-joining = { $year }: ongoing process ({ $count }): { $names }.
report-country-count = { $country } ({ $count } of { $total })
report-countries = { $total ->
    [one] The partner has its headquarters
   *[other] The { $total } partners have their headquarters
  } in { $countries ->
    [one] one country
   *[other] { $countries } countries
  }: { $list }.
# Under the countries sentence: the partners whose headquarters the sources do not state ($list: “GNI and IEEE (United States)”, …).
report-countries-not-in-sources = { $mark } Headquarters not stated in the sources, country chosen by editorial decision (see each partner’s page): { $list }.
report-country-partners = { $names } ({ $country })
# Editorial note under the figures by kind (taxonomy page, report) where the source gives others; $stated: “15 companies, 7 business associations and 3 professional associations”, $computed: “14, 8 and 3”.
stated-kinds = { $source } counts { $stated }, where the data count { $computed }.
report-kinds = { $total ->
    [one] The partner is
   *[other] The partners are
  } { $list }.
report-kind-company = { $count ->
    [one] { $count } company
   *[other] { $count } companies
  }
report-kind-business-association = { $count ->
    [one] { $count } business association
   *[other] { $count } business associations
  }
report-kind-professional-association = { $count ->
    [one] { $count } professional association
   *[other] { $count } professional associations
  }
report-introduced = Introduced to the TC-INF on { $date }.
report-no-ongoing = No joining is under way.
report-work-plan-intro = { $count ->
    [0] No work-plan activity is dated { $year } or earlier.
    [one] The following table presents the activity of the { $years } { $plans ->
        [one] work plan
       *[other] work plans
    } with which partners were associated.
   *[other] The following tables present, by category, the { $count } activities of the { $years } { $plans ->
        [one] work plan
       *[other] work plans
    } with which partners were associated.
  }
report-others = The following tables also mention companies and associations that are not currently members of the partnership, such as: { $names }. Activities with their participation are included for greater transparency and a more complete picture of the Council’s involvement with the business community.
report-category = { $category } ({ $count })
report-plan-category = { $plan } — { $category } ({ $count })

# The preview's error panel (`passerelle serve`, src/serve/overlay.rs), over a page in this
# language while the site has errors. The diagnostics themselves stay in the tool's words.
# src/serve/overlay.rs has these words built in, for when the UI strings cannot be read.
preview-failed = { $errors ->
    [one] Build failed: { $errors } error
   *[other] Build failed: { $errors } errors
  }
preview-failed-explanation = The preview still shows the last good version of every page. Fix the file and save: this panel goes away by itself.
preview-hide = Hide
    .title = Hide until the next change
preview-error = error:
preview-warning = warning:
preview-help = help:

# The label of an aside placed with the `note` shortcode, by its `kind`.
shortcode-note-note = Note
shortcode-note-important = Important

## The search box in the header. Without JavaScript it is a link to every page
## (search-fallback); `%q` and `%n` are filled in by the script.
search-fallback = All pages
search-label = Search the site
search-placeholder = Search…
search-searching = Searching…
search-none = No results for “%q”.
search-count-one = %n result
search-count-other = %n results
search-all = Every page of the site
search-failed = Search could not load: use the list of every page.
search-results-label = Search results

# What a link to a page shows where it is shared (social networks, messaging apps): the
# description of a page that has none, and the text alternative of its picture.
social-description = The Council of Europe’s Digital Partnership with technology companies: its partners, its work plan, the progress of the Internet Governance Strategy and the Council conclusions on EU digital diplomacy.
social-image-alt = { $title } — { $site }
# Under the title of the home page’s card, which is the site’s.
social-card-home = Technology companies and the Council of Europe, for a safe and open internet

# The description of a generated page (<meta name="description"> and og:description), what
# search engines and shared links show under its title; a page with text of its own (a
# partner, an activity, a Markdown page's `description`) uses that instead.
partners-description = The { $count } partners of the Council of Europe’s Digital Partnership with technology companies: who they are, when they joined and where each partnership stands.
activities-description = The { $count ->
    [one] Council of Europe activity
   *[other] { $count } Council of Europe activities
  } in which partners of the Digital Partnership took part, from its work plans, by year and by domain.
domain-description = { $domain }: { $count ->
    [one] the Council of Europe activity
   *[other] the { $count } Council of Europe activities
  } of the Digital Partnership’s work plans in this domain.
strategy-description = { $title }. { $state }, for each of its { $count } actions.
strategy-description-undated = { $title }: the progress of each of its { $count } actions.
conclusions-description = { $title }: the conclusions approved by the Council of the European Union on { $date } (document { $reference }), paragraph by paragraph.
activity-summary = { $title } ({ $sector }, { $date }). { $category }; { $count ->
    [one] partner
   *[other] partners
  }: { $partners }.
activity-summary-alone = { $title } ({ $sector }, { $date }). { $category }.
site-index-description = Every page of the site of the Council of Europe’s Digital Partnership with technology companies in English, each under the list it belongs to.
