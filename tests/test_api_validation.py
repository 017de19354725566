"""Every bad request gets a 4xx problem+json that names the field at fault and the fix."""

from __future__ import annotations

import dataclasses
import json

import pytest
from sqlalchemy import select

from service.app import create_app
from workers.store.job_tables import jobs

PROBLEM = "application/problem+json"


def post(client, body, content_type="application/json"):
    data = body if isinstance(body, (str, bytes)) else json.dumps(body)
    return client.post("/v1/jobs", data=data, content_type=content_type)


def assert_problem(response, status: int, field: str) -> dict:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == PROBLEM
    body = response.get_json(force=True)
    assert body["status"] == status
    assert body["field"] == field
    assert body["detail"] and body["code"] and body["type"] and body["title"]
    return body


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ("", 400, "body"),
        ("{not json", 400, "body"),
        (b"\xff\xfe", 400, "body"),
        ("[1, 2]", 422, "body"),
        ({}, 422, "articles"),
        ({"articles": []}, 422, "articles"),
        ({"articles": "teks"}, 422, "articles"),
        ({"articles": ["teks"]}, 422, "articles[0]"),
        ({"articles": [{"text": ""}]}, 422, "articles[0].text"),
        ({"articles": [{"text": "Halo."}, {"text": "   \n "}]}, 422, "articles[1].text"),
        ({"articles": [{"text": 42}]}, 422, "articles[0].text"),
        ({"articles": [{"text": "Halo.", "titel": "x"}]}, 422, "articles[0].titel"),
        ({"articles": [{"text": "Halo.", "id": "a"}, {"text": "Dua.", "id": "a"}]}, 422, "articles[1].id"),
        ({"articles": [{"text": "Halo.", "title": 5}]}, 422, "articles[0].title"),
        ({"articles": [{"text": "Halo."}], "tasks": ["translate", "paraphrase"]}, 422, "tasks[1]"),
        ({"articles": [{"text": "Halo."}], "tasks": []}, 422, "tasks"),
        ({"articles": [{"text": "Halo."}], "taks": ["translate"]}, 422, "taks"),
    ],
)
def test_bad_job_requests_name_the_field(client, body, status, field):
    assert_problem(post(client, body), status, field)


def test_unknown_task_lists_the_known_ones(client):
    body = assert_problem(
        post(client, {"articles": [{"text": "Halo."}], "tasks": ["ringkas"]}), 422, "tasks[0]"
    )
    assert "translate" in body["detail"] and "summarize" in body["detail"]


def test_wrong_content_type_is_415(client):
    assert_problem(post(client, "text=Halo", content_type="text/plain"), 415, "Content-Type")


def test_article_over_the_character_cap_is_413(client, settings):
    text = "Kata " * (settings.max_article_chars // 5 + 1)
    body = assert_problem(post(client, {"articles": [{"text": text}]}), 413, "articles[0].text")
    assert body["limit"] == settings.max_article_chars


def test_too_many_articles_is_413(client, settings):
    articles = [{"text": "Halo."}] * (settings.max_articles + 1)
    assert_problem(post(client, {"articles": articles}), 413, "articles")


def test_request_over_the_byte_cap_is_413(app, client):
    app.config["MAX_CONTENT_LENGTH"] = 1000
    body = assert_problem(post(client, {"articles": [{"text": "x" * 2000}]}), 413, "body")
    assert "WARTA_MAX_REQUEST_BYTES" in body["detail"]


def test_unknown_job_is_404(client):
    assert_problem(client.get("/v1/jobs/doesnotexist"), 404, "id")
    assert_problem(client.get("/v1/jobs/doesnotexist/result"), 404, "id")


def test_accepted_job_is_stored_before_it_is_queued(client, app):
    response = post(client, {"articles": [{"text": "Presiden tiba di Jakarta.", "title": "Kunjungan"}]})
    assert response.status_code == 202
    job = response.get_json()
    assert response.headers["Location"] == f"/v1/jobs/{job['id']}"
    assert job["status"] == "queued" and job["tasks"] == ["translate", "summarize"]
    stored = app.extensions["warta.store"].get_articles(job["id"])
    assert [(a.id, a.title, a.text) for a in stored] == [("1", "Kunjungan", "Presiden tiba di Jakarta.")]
    redis = app.extensions["warta.redis"]
    settings = app.extensions["warta.settings"]
    [queued] = redis.lrange(f"rq:queue:{settings.queue}", 0, -1)
    assert queued.decode().startswith(f"warta-{job['id']}-")
    from rq.job import Job

    from workers.queue import job_timeout

    chars = sum(len(a.text) for a in app.extensions["warta.store"].get_articles(job["id"]))
    assert Job.fetch(queued.decode(), connection=redis).timeout == job_timeout(settings, chars)
    assert job_timeout(settings, 100_000) == settings.job_timeout + 100 * settings.job_seconds_per_1000_chars


def test_result_of_an_unfinished_job_is_409(client):
    job = post(client, {"articles": [{"text": "Halo."}]}).get_json()
    response = client.get(f"/v1/jobs/{job['id']}/result")
    assert response.status_code == 409 and response.mimetype == PROBLEM
    assert response.get_json()["status_of_job"] == "queued"


def test_unsupported_result_format_is_422(client):
    job = post(client, {"articles": [{"text": "Halo."}]}).get_json()
    assert_problem(client.get(f"/v1/jobs/{job['id']}/result?format=docx"), 422, "format")


def test_unreachable_queue_is_503_and_the_job_is_marked_failed(settings):
    app = create_app(dataclasses.replace(settings, redis_url="redis://127.0.0.1:1/0"))
    response = app.test_client().post("/v1/jobs", json={"articles": [{"text": "Halo."}]})
    assert response.status_code == 503 and response.mimetype == PROBLEM
    assert response.get_json()["code"] == "queue_unavailable"
    with app.extensions["warta.store"].engine.connect() as conn:
        rows = conn.execute(select(jobs.c.status, jobs.c.error_code)).all()
    assert rows == [("failed", "queue_unavailable")]


@pytest.mark.parametrize(
    ("method", "path", "status"), [("get", "/v1/nothing", 404), ("put", "/v1/jobs", 405)]
)
def test_routing_errors_are_problems_too(client, method, path, status):
    response = getattr(client, method)(path)
    assert response.status_code == status and response.mimetype == PROBLEM
    assert response.get_json()["status"] == status


def test_a_path_deepl_would_serve_answers_as_deepl_does(client):
    response = client.get("/v2/nothing")
    assert response.status_code == 404 and set(response.get_json()) == {"message"}


ENGLISH = "The Russian president arrived in Pyongyang on Tuesday and was welcomed by the North Korean leader."
INDONESIAN = "Presiden Rusia tiba di Pyongyang pada Selasa dan disambut oleh pemimpin Korea Utara."
PAGE = (
    "<html><head><title>Putin tiba di Pyongyang</title><script>steal()</script><style>p{}</style></head>"
    "<body><nav><a href='/'>Beranda</a> <a href='/politik'>Politik</a></nav><article>"
    "<h1>Putin tiba di Pyongyang</h1><p>" + INDONESIAN + "</p><p>Kedua negara menandatangani perjanjian "
    "kerja sama strategis di bidang pertahanan.</p></article><footer>Hak cipta 2024</footer></body></html>"
)


def test_text_that_is_not_indonesian_is_refused(client):
    body = assert_problem(post(client, {"articles": [{"text": ENGLISH}]}), 422, "articles[0].text")
    assert body["code"] == "unsupported_language" and body["detected"] == "en"
    assert '"force": true' in body["detail"]


def test_force_accepts_it_and_records_the_verdict(client, app):
    response = post(client, {"articles": [{"text": ENGLISH}], "force": True})
    assert response.status_code == 202
    [article] = app.extensions["warta.store"].get_articles(response.get_json()["id"])
    assert article.language["code"] == "en" and article.language["forced"] is True


def test_indonesian_is_accepted_and_recorded(client, app):
    response = post(client, {"articles": [{"text": INDONESIAN}]})
    assert response.status_code == 202
    assert response.get_json()["options"] == {
        "clean": True,
        "force": False,
        "source_lang": "id",
        "target_lang": "en",
        "glossary": "default",
        "glossary_version": 1,
        "terms": [],
        "summary_method": None,
        "summary_length": "medium",
    }
    [article] = app.extensions["warta.store"].get_articles(response.get_json()["id"])
    assert article.language["code"] == "id" and article.language["forced"] is False


def test_html_is_reduced_to_its_main_text(client, app):
    response = post(client, {"articles": [{"html": PAGE}]})
    assert response.status_code == 202, response.get_data(as_text=True)
    [article] = app.extensions["warta.store"].get_articles(response.get_json()["id"])
    assert article.title == "Putin tiba di Pyongyang" and article.html == PAGE
    assert article.text.split("\n") == [
        INDONESIAN,
        "Kedua negara menandatangani perjanjian kerja sama strategis di bidang pertahanan.",
    ]
    assert "steal" not in article.text and "Beranda" not in article.text and "Hak cipta" not in article.text


@pytest.mark.parametrize(
    ("article", "field"),
    [
        ({"html": "<html><body><script>x()</script></body></html>"}, "articles[0].html"),
        ({"html": ""}, "articles[0].html"),
        ({"text": INDONESIAN, "html": PAGE}, "articles[0].text"),
        ({"title": "Tanpa isi"}, "articles[0].text"),
    ],
)
def test_bad_html_articles(client, article, field):
    assert_problem(post(client, {"articles": [article]}), 422, field)


@pytest.mark.parametrize("key", ["clean", "force"])
def test_flags_must_be_booleans(client, key):
    assert_problem(post(client, {"articles": [{"text": INDONESIAN}], key: "yes"}), 422, key)


def test_inline_terms_are_checked_and_stored(client, app):
    terms = [{"target": "Sukamaju Regency", "sources": ["Kabupaten Sukamaju"], "type": "place"}]
    response = post(client, {"articles": [{"text": INDONESIAN}], "terms": terms, "glossary": None})
    assert response.status_code == 202
    options = response.get_json()["options"]
    assert options["glossary"] is None and options["terms"][0]["sources"] == ["Kabupaten Sukamaju"]


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"glossary": "mine"}, "glossary"),
        ({"terms": "Korut=North Korea"}, "terms"),
        ({"terms": [{"target": "X", "sources": []}]}, "terms[0].sources"),
        ({"terms": [{"target": "", "sources": ["Y"]}]}, "terms[0].target"),
        ({"summary_method": "magic"}, "summary_method"),
        ({"summary_length": "tiny"}, "summary_length"),
        ({"summary_length": 4}, "summary_length"),
        ({"summary_length": True}, "summary_length"),
    ],
)
def test_bad_glossary_options_name_the_field(client, extra, field):
    assert_problem(post(client, {"articles": [{"text": INDONESIAN}], **extra}), 422, field)


def test_references_are_accepted_and_stored(client, app):
    body = {"articles": [{"text": INDONESIAN, "reference": "The Russian president arrived.",
                          "reference_summary": "Putin arrived."}]}  # fmt: skip
    response = post(client, body)
    assert response.status_code == 202
    [article] = app.extensions["warta.store"].get_articles(response.get_json()["id"])
    assert (article.reference, article.reference_summary) == (
        "The Russian president arrived.",
        "Putin arrived.",
    )
    assert_problem(
        post(client, {"articles": [{"text": INDONESIAN, "reference": 3}]}), 422, "articles[0].reference"
    )


def test_sentence_and_glossary_caps_are_settings_named_in_the_refusal(settings):
    import dataclasses

    from service.app import create_app

    app = create_app(dataclasses.replace(settings, max_sentences=3, max_glossary_terms=2))
    client = app.test_client()
    text = "Presiden Rusia tiba di Pyongyang. Ia disambut Kim Jong-un. Kedua negara bekerja sama. Harga naik."
    refused = client.post("/v1/jobs", json={"articles": [{"text": text}]})
    body = refused.get_json()
    assert refused.status_code == 413 and body["code"] == "too_many_sentences" and body["limit"] == 3
    glossary = "Pemerintah\tThe government\nKorut\tNorth Korea\nTiongkok\tChina\n"
    upload = client.put(
        "/v1/glossaries/desk", data=glossary, headers={"Content-Type": "text/tab-separated-values"}
    )
    assert upload.status_code == 413 and upload.get_json()["limit"] == 2
    assert "WARTA_MAX_GLOSSARY_TERMS" in upload.get_json()["detail"]
    app.extensions["warta.store"].close()


def test_what_one_page_held_changes_nothing_for_the_next(client, app):
    """Extraction keeps no memory between requests: the same page eight times gives eight equal articles
    (trafilatura's ``deduplicate`` remembered paragraphs in the process and refused the 7th copy)."""
    texts = []
    for _ in range(8):
        response = post(client, {"articles": [{"html": PAGE}]})
        assert response.status_code == 202, response.get_data(as_text=True)
        [article] = app.extensions["warta.store"].get_articles(response.get_json()["id"])
        texts.append(article.text)
    assert len(set(texts)) == 1 and texts[0].count("\n") == 1


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/v1/jobs?limit=%C2%B2", "limit"),  # "²": str.isdigit says yes, int() says no
        ("/v1/jobs?limit=+5", "limit"),
        ("/v1/glossaries/default?version=" + "9" * 30, "version"),
    ],
)
def test_query_numbers_are_ascii_digits_within_range(client, path, field):
    assert_problem(client.get(path), 422, field)


DEEP = "[" * 50_000 + "]" * 50_000


@pytest.mark.parametrize("path", ["/v1/jobs", "/v1/benchmarks"])
@pytest.mark.parametrize(
    "body",
    [DEEP, '{"articles": ' + DEEP + "}", '{"articles": [{"text": "a", "x": ' + "1" * 5000 + "}]}", "", "{"],
    ids=["deep", "deep-member", "5000-digits", "empty", "malformed"],
)
def test_json_no_parser_should_take_is_a_400_on_every_body(client, path, body):
    """Nesting past Python's recursion limit and integers past its digit limit were 500s; a benchmark's
    empty or malformed body was a 422 where a job's was a 400."""
    answered = assert_problem(client.post(path, data=body, content_type="application/json"), 400, "body")
    assert answered["code"] == ("empty_body" if body == "" else "invalid_json")


@pytest.mark.parametrize(
    ("article", "terms", "field"),
    [
        ({"text": "Halo \ud800 dunia."}, [], "articles[0].text"),
        ({"id": "a\ud800", "text": "Halo."}, [], "articles[0].id"),
        ({"title": "\udfff", "text": "Halo."}, [], "articles[0].title"),
        ({"text": "Halo."}, [{"source": "Halo", "target": "Hi\ud800"}], "terms[0].target"),
        ({"id": "a\x00b", "text": "Halo."}, [], "articles[0].id"),
        ({"id": "a\nb", "text": "Halo."}, [], "articles[0].id"),
        ({"id": "a\tb", "text": "Halo."}, [], "articles[0].id"),
        ({"text": "Halo."}, [{"source": "Halo", "target": "Hi\x0b"}], "terms[0].target"),
        ({"text": "Halo."}, [{"sources": ["Ha\x00lo"], "target": "Hi"}], "terms[0].sources[0]"),
    ],
)
def test_what_xml_or_a_line_cannot_hold_is_refused_naming_the_field(client, app, article, terms, field):
    """A lone surrogate reached the store (a 500); NUL or C0 controls in an id, title or term made the TMX
    and XLIFF downloads invalid XML; a newline in an id broke the Markdown and text downloads."""
    body = json.dumps({"articles": [article], "terms": terms})  # ensure_ascii: surrogates as \\ud800 escapes
    refused = assert_problem(post(client, body), 422, field)
    assert refused["code"] == "invalid_character"
    with app.extensions["warta.store"].engine.connect() as conn:
        assert conn.execute(select(jobs.c.id)).first() is None


def test_a_title_is_kept_on_one_line(client, app):
    title = "Banjir\ndi  Wanasari\r\n\vhari\u2028ini\t\x01"
    accepted = post(client, {"articles": [{"title": title, "text": "Halo."}]})
    assert accepted.status_code == 202
    stored = app.extensions["warta.store"].get_articles(accepted.json["id"])
    assert stored[0].title == "Banjir di Wanasari hari ini"


def test_a_benchmark_name_has_a_cap_and_stays_on_one_line(client):
    pairs = [{"source": "Halo.", "reference": "Hello."}]
    long = client.post("/v1/benchmarks", json={"name": "n" * 201, "pairs": pairs})
    assert assert_problem(long, 422, "name")["code"]
    assert client.post("/v1/benchmarks", json={"name": "n" * 200, "pairs": pairs}).status_code == 202
    unknown = client.post("/v1/benchmarks", json={"pairs": [{**pairs[0], "hypothesis": "Hi."}]})
    assert assert_problem(unknown, 422, "pairs[0].hypothesis")
