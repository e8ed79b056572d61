"""Button references on messaging channels: b<message_id>.<index>, and nothing else is ours."""

from __future__ import annotations

import pytest

from api.channels.buttons import MAX_INDEX, MAX_MESSAGE_ID, MAX_REF_LENGTH, button_ref, parse_button_ref


def test_reference_names_the_message_and_the_button() -> None:
    assert button_ref(42, 0) == "b42.0"
    assert button_ref(7, 11) == "b7.11"
    assert parse_button_ref("b42.0") == (42, 0)
    assert parse_button_ref("b7.11") == (7, 11)


@pytest.mark.parametrize(
    ("message_id", "index"),
    [(0, 0), (1, 2), (2**31 - 1, 9), (2**63 - 1, 3), (MAX_MESSAGE_ID, MAX_INDEX), (10**19, 10)],
)
def test_round_trip(message_id: int, index: int) -> None:
    assert parse_button_ref(button_ref(message_id, index)) == (message_id, index)


@pytest.mark.parametrize("message_id", [2**63 - 1, 2**64 - 1])
def test_fits_telegram_callback_data_for_any_64_bit_id(message_id: int) -> None:
    ref = button_ref(message_id, MAX_INDEX)
    assert len(ref.encode("utf-8")) <= 64
    assert len(ref.encode("utf-8")) <= MAX_REF_LENGTH
    assert ref.isascii()


@pytest.mark.parametrize(
    ("message_id", "index"),
    [(-1, 0), (0, -1), (MAX_MESSAGE_ID + 1, 0), (1, MAX_INDEX + 1), (True, 0), (1, False)],
)
def test_making_a_reference_refuses_what_cannot_be_parsed_back(message_id: int, index: int) -> None:
    with pytest.raises(ValueError):
        button_ref(message_id, index)


@pytest.mark.parametrize(
    "ref",
    [
        "",
        "b",
        "b.",
        "b1",
        "b1.",
        "b.1",
        "1.2",
        "B1.2",
        "x1.2",
        "b-1.2",
        "b1.-2",
        "b+1.2",
        "b01.2",  # not the canonical spelling
        "b1.02",
        "b1.2.3",
        "b1,2",
        "b1.2 ",
        " b1.2",
        "b1.2\n",
        "b١.٢",  # Arabic-Indic digits: int() would take them, we do not
        "b１.２",  # full-width digits
        "b1.99999",  # index above MAX_INDEX
        f"b{MAX_MESSAGE_ID + 1}.0",  # above 64 bits, still 20 digits
        "b123456789012345678901.0",  # 21 digits
        "b" + "9" * 100 + ".0",
        "b1." + "1" * 70,
        '/inform{"relationship":"parent"}',  # a raw Rasa payload
        "b1.2" + "x" * 100,
    ],
)
def test_anything_else_is_not_ours(ref: str) -> None:
    assert parse_button_ref(ref) is None


@pytest.mark.parametrize("ref", [None, 12, 1.5, b"b1.2", ["b1.2"]])
def test_non_strings_are_not_ours(ref: object) -> None:
    assert parse_button_ref(ref) is None  # type: ignore[arg-type]
