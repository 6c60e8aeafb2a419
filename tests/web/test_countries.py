from django_countries import Countries, countries

from web.countries import country_names


def test_every_country_by_code_in_the_order_of_its_name():
    names = country_names()
    assert names["DE"] == "Germany" and names["US"] == "United States of America"
    assert list(names.items()) == [(code, name) for code, name in countries]


def test_the_names_are_read_once_per_process(monkeypatch):
    country_names()
    walks = []
    original = Countries.__iter__
    monkeypatch.setattr(Countries, "__iter__", lambda self: walks.append(1) or original(self))
    assert country_names()["FR"] == "France"
    assert walks == []
