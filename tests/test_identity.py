"""Identity codes: found as PDFs mangle them, confirmed by python-stdnum, masked everywhere."""

import datetime as dt

import pytest

from avi_valvonta.identity import find_identity_codes, iter_identity_codes, mask_data, mask_identity_codes


@pytest.mark.parametrize(
    "text",
    [
        "040576Y934B",  # Y: a 1900s sign added on 1.1.2023; temporary number 934 counts
        "hetu 040576-934B.",
        "040576 Y 934B",  # spaces around the sign
        "040576\u00a0-\u00a0934B",  # non-breaking spaces
        "040576Y\n934B",  # broken over a line
        "040576\nY934B",
        "040576\u2013934B",  # en dash for "-"
        "040576\u2212934b",  # minus sign, lower-case check character
    ],
)
def test_found_in_the_shapes_pdfs_produce(text):
    found = find_identity_codes(text)
    assert len(found) == 1 and found[0].birth_date == dt.date(1976, 5, 4)
    assert "934" not in mask_identity_codes(text)


@pytest.mark.parametrize(
    "text, why",
    [
        ("290223Y917U", "29.2.1923 does not exist (right check character)"),
        ("290200-9150", "29.2.1900 does not exist"),
        ("040576Y934C", "wrong check character"),
        ("010101-001X", "individual number 001"),
        ("X040576Y934B", "part of a longer token"),
        ("040576Y934BX", "part of a longer token"),
        ("puh. 040 576 1934", "a phone number"),
        ("lasku 0405769341", "an invoice number"),
        ("4.5.1976", "a date"),
        ("04057 6Y934B", "split inside the digits"),
    ],
)
def test_look_alikes_do_not_count(text, why):
    assert find_identity_codes(text) == [], why


def test_a_code_born_after_as_of_is_not_a_finding_but_is_masked():
    assert find_identity_codes("131052A308T", as_of=dt.date(2024, 8, 15)) == []
    assert mask_identity_codes("131052A308T") == "******A***T"


def test_masking_keeps_sign_and_check_character_and_covers_look_alikes_with_valid_check():
    assert mask_identity_codes("pöytäkirja 040576Y934B ja 290223Y917U.") == ("pöytäkirja ******Y***B ja ******Y***U.")
    assert mask_identity_codes("040576Y934C") == "040576Y934C"  # a wrong check character is not a code


def test_mask_data_reaches_nested_structures():
    data = {"a": ["x 040576-934B", {"b": "040576Y934B"}], "n": 3}
    assert mask_data(data) == {"a": ["x ******-***B", {"b": "******Y***B"}], "n": 3}


def test_all_century_signs():
    # The same person-day in each century sign family, check characters computed independently.
    chars = "0123456789ABCDEFHJKLMNPRSTUVWXY"
    for sign in "+-YXWVUABCDEF":
        check = chars[int("010120" + "123") % 31]
        code = f"010120{sign}123{check}"
        assert len(list(iter_identity_codes(code))) == 1, sign
        assert find_identity_codes(code), sign


def test_excerpts_are_cut_from_the_masked_text_so_no_half_code_survives():
    from avi_valvonta.identity import MaskedText, masked_excerpt

    text = "alku 040576Y934B keski 040576-\n934B loppu"
    masked = MaskedText(text)
    assert masked.text == "alku ******Y***B keski ******-***B loppu"
    # A window whose edge would cut the second code in the original text.
    start = text.index("keski")
    excerpt = masked_excerpt(text, start, start + 5, width=8)
    assert excerpt == "**Y***B keski ******-"
    assert "0405" not in excerpt and "934" not in excerpt
    # Offsets inside a code map to its masked span.
    assert masked.excerpt(text.index("040576Y"), text.index("040576Y") + 11, 0) == "******Y***B"
    assert MaskedText("ei koodeja").excerpt(0, 2, 3) == "ei ko"


def test_mask_data_masks_keys_too():
    masked = mask_data({"liite_040576Y934B.pdf": "x", 3: "040576Y934B"})
    assert masked == {"liite_******Y***B.pdf": "x", 3: "******Y***B"}


def test_pdfium_line_end_hyphen_and_unicode_digits():
    assert [m.code for m in find_identity_codes("hetu 040576\u0002934B")] == ["040576-934B"]
    assert find_identity_codes("\u0664\u0660\u0665\u0667\u0666Y934B") == []  # Arabic-Indic digits are not a code
