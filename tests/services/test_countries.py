"""The address form's countries: every ISO 3166-1 code, the United Kingdom first, usual names."""

from __future__ import annotations

import pycountry

from portal_app.services import addresses
from portal_app.services.countries import COUNTRIES, country_name


def test_the_united_kingdom_comes_first_and_the_rest_by_name():
    codes = list(COUNTRIES)
    assert codes[0] == "GB"
    rest = [COUNTRIES[code].casefold() for code in codes[1:]]
    assert rest == sorted(rest)


def test_every_iso_country_is_offered_once():
    assert set(COUNTRIES) == {country.alpha_2 for country in pycountry.countries}
    assert len(set(COUNTRIES.values())) == len(COUNTRIES)


def test_names_are_the_ones_people_write_on_an_envelope():
    assert country_name("GB") == "United Kingdom"
    assert country_name("US") == "United States"
    assert country_name("KR") == "South Korea"
    assert country_name("CD") == "Congo (Democratic Republic)"
    assert country_name("VG") == "British Virgin Islands"
    # no ISO inverted forms ("Korea, Republic of", "Congo, The Democratic Republic of the")
    assert not any(name.endswith((" of", " of the")) for name in COUNTRIES.values())


def test_an_unknown_code_is_shown_as_it_is_and_refused_in_an_address():
    assert country_name("XX") == "XX"
    assert "XX" not in addresses.COUNTRIES
