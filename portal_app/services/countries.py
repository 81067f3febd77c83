"""ISO 3166-1 alpha-2 countries for addresses, from pycountry (the iso-codes database).

Names are the short ones people use: pycountry's common name where it has one ("Bolivia",
"South Korea"), else the ISO name, except where that name is an inverted or official form
nobody types into an address ("Congo, The Democratic Republic of the") or, for Turkey, a
new one that UK addresses and GOV.UK do not use yet.
"""

from __future__ import annotations

import pycountry

HOME = "GB"

USUAL_NAMES = {
    "BN": "Brunei",
    "CD": "Congo (Democratic Republic)",
    "FK": "Falkland Islands",
    "FM": "Micronesia",
    "PS": "Palestine",
    "RU": "Russia",
    "TR": "Turkey",
    "VA": "Vatican City",
    "VG": "British Virgin Islands",
    "VI": "US Virgin Islands",
}


def _name(country: pycountry.db.Country) -> str:
    code: str = country.alpha_2
    return USUAL_NAMES.get(code) or getattr(country, "common_name", None) or country.name


# The United Kingdom first, then every other country by name.
_ALL = {country.alpha_2: _name(country) for country in pycountry.countries}
COUNTRIES: dict[str, str] = {
    HOME: _ALL[HOME],
    **{code: name for code, name in sorted(_ALL.items(), key=lambda item: item[1].casefold())},
}


def country_name(code: str) -> str:
    return COUNTRIES.get(code, code)
