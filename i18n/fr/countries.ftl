# Pays du siège des partenaires (codes ISO 3166-1 alpha-2 de content/data/partners.yaml).
country-BE = Belgique
country-CA = Canada
country-CH = Suisse
country-DE = Allemagne
country-DK = Danemark
country-ES = Espagne
country-FR = France
country-GB = Royaume-Uni
country-NL = Pays-Bas
country-RU = Russie
country-US = États-Unis
