import pytest

from alerts.tokens import LinkExpired, LinkInvalid, Purpose, make_token, read_token


def test_a_token_reads_back_for_its_own_purpose_only():
    token = make_token(42, Purpose.MANAGE)
    assert read_token(token, Purpose.MANAGE) == 42
    for other in (Purpose.CONFIRM, Purpose.UNSUBSCRIBE):
        with pytest.raises(LinkInvalid):
            read_token(token, other)


@pytest.mark.parametrize("token", ["", "42", "x:y:z", "é", "MQ:1tXyz:" + "A" * 43, "a" * 5000])
def test_anything_else_is_invalid_not_an_error(token):
    with pytest.raises(LinkInvalid):
        read_token(token, Purpose.MANAGE)


def test_a_token_expires(settings):
    settings.ALERTS_MANAGE_LINK_DAYS = -1
    with pytest.raises(LinkExpired):
        read_token(make_token(1, Purpose.MANAGE), Purpose.MANAGE)
    assert read_token(make_token(1, Purpose.UNSUBSCRIBE), Purpose.UNSUBSCRIBE) == 1


def test_a_token_signed_with_another_key_is_invalid(settings):
    token = make_token(1, Purpose.UNSUBSCRIBE)
    settings.SECRET_KEY = "another secret key, as on another site"
    with pytest.raises(LinkInvalid):
        read_token(token, Purpose.UNSUBSCRIBE)
