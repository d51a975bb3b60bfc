import pytest
from django.core import mail
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from freeport.kernel.models import OutboxMessage
from freeport.kernel.outbox import outbox_dispatch
from freeport.notifications import selectors
from freeport.notifications.context import unread
from freeport.notifications.models import Notification
from freeport.notifications.services import EMAIL_TOPIC, email_send, notifications_mark_read, notify

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:list")


@pytest.fixture
def shopper(django_user_model):
    return django_user_model.objects.create_user(
        "shopper", email="shopper@example.com", password="pw-123456!"
    )


@pytest.fixture
def other(django_user_model):
    return django_user_model.objects.create_user(
        "other", email="other@example.com", password="pw-123456!"
    )


@pytest.fixture
def signed_in(client, shopper):
    client.force_login(shopper)
    return client


def inspection(user, key="shipment.inspection:WB1", **kw):
    return notify(
        user=user,
        kind="shipment.inspection",
        title=kw.pop("title", "您的包裹正在海关查验"),
        body=kw.pop("body", "运单 WB1 被海关抽中查验，通常会延误 1 至 2 天。"),
        link=kw.pop("link", "/orders/G1/"),
        dedupe_key=key,
        **kw,
    )


def test_notify_twice_with_one_key_gives_one_row_and_one_email(shopper, settings):
    settings.SITE_URL = "https://shop.example.com/"
    first = inspection(shopper)
    again = inspection(shopper, title="changed")  # an outbox handler delivered twice
    assert again.pk == first.pk and again.title == "您的包裹正在海关查验"
    assert Notification.objects.count() == 1
    assert OutboxMessage.objects.filter(topic=EMAIL_TOPIC).count() == 1
    assert mail.outbox == []  # nothing is sent before the outbox runs (after commit)

    assert outbox_dispatch()["done"] >= 1
    outbox_dispatch()
    (message,) = mail.outbox
    assert message.to == ["shopper@example.com"]
    assert message.subject == "您的包裹正在海关查验"
    assert message.body == (
        "运单 WB1 被海关抽中查验，通常会延误 1 至 2 天。\n\nhttps://shop.example.com/orders/G1/"
    )
    first.refresh_from_db()
    assert first.emailed_at is not None


def test_email_handler_is_idempotent(shopper):
    n = inspection(shopper)
    message = OutboxMessage.objects.get(topic=EMAIL_TOPIC)
    email_send(message.key, message.payload)
    email_send(message.key, message.payload)  # delivered again (at least once)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].body.endswith("\n\n/orders/G1/")  # no SITE_URL: the path
    n.refresh_from_db()
    assert n.emailed_at is not None


def test_same_key_for_two_users_gives_two_rows(shopper, other):
    inspection(shopper)
    inspection(other)
    assert Notification.objects.count() == 2


def test_no_email_without_address_or_when_not_asked(shopper, django_user_model):
    silent = django_user_model.objects.create_user("silent", password="pw-123456!")
    inspection(silent)
    inspection(shopper, email=False)
    assert not OutboxMessage.objects.filter(topic=EMAIL_TOPIC).exists()
    outbox_dispatch()
    assert mail.outbox == []
    assert Notification.objects.count() == 2


@pytest.mark.parametrize(
    "link", ["https://evil.example.com/", "//evil.example.com/x", "/\\evil.example.com", "orders/"]
)
def test_link_must_be_a_path_on_this_site(shopper, link):
    with pytest.raises(ValueError):
        inspection(shopper, link=link)
    assert not Notification.objects.exists()


def test_long_title_is_shortened(shopper):
    n = inspection(shopper, title="x" * 300)
    assert len(n.title) == 200 and n.title.endswith("…")


def test_mark_read_some_or_all_and_only_own(shopper, other):
    a = inspection(shopper, key="a")
    b = inspection(shopper, key="b")
    c = inspection(other, key="c")
    assert selectors.unread_count(shopper) == 2
    assert notifications_mark_read(user=shopper, ids=[a.pk, c.pk]) == 1  # c is not theirs
    assert selectors.unread_count(shopper) == 1
    assert selectors.unread_count(other) == 1
    assert notifications_mark_read(user=shopper) == 1
    b.refresh_from_db()
    assert b.read_at is not None and selectors.unread_count(shopper) == 0
    assert notifications_mark_read(user=shopper) == 0


def test_anonymous_is_sent_to_sign_in(client):
    r = client.get(LIST)
    assert r.status_code == 302 and r.url.startswith("/accounts/login/?next=/notifications/")
    r = client.post(reverse("notifications:read_all"))
    assert r.status_code == 302 and r.url.startswith("/accounts/login/")


def test_list_shows_newest_first_with_unread_emphasised(signed_in, shopper):
    old = inspection(shopper, key="old", title="旧的通知")
    new = inspection(shopper, key="new", title="新的通知", link="")
    notifications_mark_read(user=shopper, ids=[old.pk])
    r = signed_in.get(LIST)
    assert r.status_code == 200
    html = r.content.decode()
    assert html.index("新的通知") < html.index("旧的通知")
    assert "notification-unread" in html and "notification-read" in html
    assert reverse("notifications:read", args=[new.pk]) in html  # unread: "mark as read"
    assert reverse("notifications:read", args=[old.pk]) in html  # has a link: "view"
    assert 'name="csrfmiddlewaretoken"' in html
    assert reverse("notifications:read_all") in html


def test_read_marks_it_and_follows_its_link(signed_in, shopper):
    n = inspection(shopper)
    r = signed_in.post(reverse("notifications:read", args=[n.pk]))
    assert r.status_code == 302 and r.url == "/orders/G1/"
    n.refresh_from_db()
    assert n.read_at is not None


def test_read_without_link_goes_back_to_the_list(signed_in, shopper):
    n = inspection(shopper, link="")
    r = signed_in.post(reverse("notifications:read", args=[n.pk]))
    assert r.status_code == 302 and r.url == LIST


def test_read_needs_post(signed_in, shopper):
    n = inspection(shopper)
    assert signed_in.get(reverse("notifications:read", args=[n.pk])).status_code == 405
    n.refresh_from_db()
    assert n.read_at is None


def test_someone_elses_notification_is_404(signed_in, other):
    n = inspection(other)
    r = signed_in.post(reverse("notifications:read", args=[n.pk]))
    assert r.status_code == 404
    n.refresh_from_db()
    assert n.read_at is None


def test_mark_all_read(signed_in, shopper, other):
    inspection(shopper, key="a")
    inspection(shopper, key="b")
    theirs = inspection(other, key="c")
    r = signed_in.post(reverse("notifications:read_all"), follow=True)
    assert r.redirect_chain == [(LIST, 302)]
    assert selectors.unread_count(shopper) == 0
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_mark_all_read_needs_csrf(client, shopper):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(shopper)
    inspection(shopper)
    assert strict.post(reverse("notifications:read_all")).status_code == 403
    assert selectors.unread_count(shopper) == 1


def header_link(client, url) -> str:
    html = client.get(url).content.decode()
    return html.split(f'<a href="{LIST}"')[1].split("</a>")[0]


def test_header_shows_unread_count(signed_in, shopper):
    assert "badge" not in header_link(signed_in, reverse("orders:list"))  # nothing unread
    inspection(shopper, key="a")
    inspection(shopper, key="b")
    link = header_link(signed_in, reverse("orders:list"))
    assert '<span class="badge">2<span class="visually-hidden">' in link  # "2 unread" when read
    assert 'aria-current="page"' in header_link(signed_in, LIST)


def test_header_has_no_notifications_link_for_anonymous(client, catalog):
    html = client.get(reverse("storefront:home")).content.decode()
    assert f'href="{LIST}"' not in html


def test_unread_count_is_lazy_and_free_for_anonymous(
    shopper, django_assert_num_queries, django_assert_max_num_queries
):
    from django.contrib.auth.models import AnonymousUser

    template = Template("{% if notifications_unread %}{{ notifications_unread }}{% endif %}")
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert template.render(Context(unread(request))) == ""

    inspection(shopper)
    request.user = shopper
    with django_assert_num_queries(0):
        context = unread(request)  # nothing counted until a template shows it
    with django_assert_num_queries(1):
        assert template.render(Context(context)) == "1"


def test_list_query_count_does_not_grow(signed_in, shopper, django_assert_max_num_queries):
    inspection(shopper, key="first")
    with django_assert_max_num_queries(5):  # session, user, unread count, page count, page
        assert signed_in.get(LIST).status_code == 200
    for i in range(30):
        inspection(shopper, key=f"k{i}", link="" if i % 2 else f"/orders/G{i}/")
    with django_assert_max_num_queries(5):
        r = signed_in.get(LIST)
    assert r.content.decode().count('class="panel notification ') == selectors.PAGE_SIZE
    with django_assert_max_num_queries(5):
        assert signed_in.get(LIST + "?page=2").status_code == 200
