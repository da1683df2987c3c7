# Countries of the partners' headquarters (ISO 3166-1 alpha-2 codes of content/data/partners.yaml).
country-BE = Belgium
country-CA = Canada
country-CH = Switzerland
country-DE = Germany
country-DK = Denmark
country-ES = Spain
country-FR = France
country-GB = United Kingdom
country-NL = Netherlands
country-RU = Russia
country-US = United States
