"""Number words, digits and quantity qualifiers (pipeline.numbers); no model needed."""
from __future__ import annotations

import pytest

from pipeline import numbers
from pipeline.numbers import Quantity


@pytest.mark.parametrize(
    "text,expected",
    [
        ("7", 7),
        ("3,400", 3400),
        ("6,000", 6000),
        ("12,345,678", 12345678),
        ("one", 1),
        ("Two", 2),
        ("nineteen", 19),
        ("twenty-one", 21),
        ("twenty one", 21),
        ("Forty-five", 45),
        ("a dozen", 12),
        ("two dozen", 24),
        ("a hundred", 100),
        ("three hundred and twelve", 312),
        ("1.5 million", 1500000),
        ("two thousand five hundred", 2500),
        ("both", 2),
    ],
)
def test_numbers_parse_number_reads_digits_and_words(text, expected):
    assert numbers.parse_number(text) == expected


@pytest.mark.parametrize("text", ["", "M-16", "RPG-7", "7.62x39mm", "dozens", "several", "police", "1990s", "PKM-2"])
def test_numbers_parse_number_rejects_non_numbers(text):
    assert numbers.parse_number(text) is None


@pytest.mark.parametrize(
    "text,expected",
    [
        ("at least 7", Quantity(7, "at_least")),
        ("more than 20", Quantity(20, "at_least")),
        ("over 100", Quantity(100, "at_least")),
        ("no fewer than 9", Quantity(9, "at_least")),
        ("more than a dozen", Quantity(12, "at_least")),
        ("close to 900", Quantity(900, "approx")),
        ("about 30", Quantity(30, "approx")),
        ("around forty", Quantity(40, "approx")),
        ("nearly 50", Quantity(50, "approx")),
        ("some 300", Quantity(300, "approx")),
        ("approximately 15", Quantity(15, "approx")),
        ("roughly two dozen", Quantity(24, "approx")),
        ("several", Quantity(None, "vague")),
        ("many", Quantity(None, "vague")),
        ("multiple", Quantity(None, "vague")),
        ("numerous", Quantity(None, "vague")),
        ("dozens", Quantity(None, "vague")),
        ("scores", Quantity(None, "vague")),
        ("a few", Quantity(None, "vague")),
        ("a few dozen", Quantity(None, "vague")),
        ("some", Quantity(None, "vague")),
        ("no", Quantity(0, "exact")),
        ("nobody", Quantity(0, "exact")),
        ("4", Quantity(4, "exact")),
        ("five", Quantity(5, "exact")),
    ],
)
def test_numbers_read_quantity_qualifiers(text, expected):
    assert numbers.read_quantity(text) == expected


@pytest.mark.parametrize("text", ["the", "police", "in 1998", "M-16 rifles"])
def test_numbers_read_quantity_nothing_for_non_amounts(text):
    assert numbers.read_quantity(text) is None


@pytest.mark.parametrize(
    "parts,expected",
    [
        ([Quantity(1, "exact"), Quantity(4, "exact")], Quantity(5, "exact")),
        ([Quantity(2, "exact"), Quantity(None, "vague")], Quantity(2, "at_least")),
        ([Quantity(3, "at_least"), Quantity(1, "exact")], Quantity(4, "at_least")),
        ([Quantity(10, "approx"), Quantity(2, "exact")], Quantity(12, "approx")),
        ([Quantity(None, "vague"), Quantity(None, "vague")], Quantity(None, "vague")),
    ],
)
def test_numbers_combine_sums_coordinated_amounts(parts, expected):
    assert numbers.combine(parts) == expected


def test_numbers_combine_empty_is_none():
    assert numbers.combine([]) is None


@pytest.mark.parametrize("word,expected", [("third", True), ("Fourth", True), ("three", False), ("first", False)])
def test_numbers_is_ordinal(word, expected):
    assert numbers.is_ordinal(word) is expected
