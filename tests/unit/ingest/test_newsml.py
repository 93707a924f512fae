"""NewsML-G2 reader: what a newsroom gets from an agency's XML item, and what hostile XML cannot do."""

import time
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from generator.config.settings import parse_config
from generator.content.vocabulary import load_vocabularies
from generator.core.errors import NewsgenError
from generator.ingest.articles import category_names
from generator.ingest.newsml import looks_like_newsml, parse_newsml
from generator.ingest.rawstory import analyse_raw, read_raw

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "agency"
ZURICH = ZoneInfo("Europe/Zurich")
MINIMAL = """<?xml version="1.0" encoding="UTF-8"?>
<newsItem guid="urn:example:1" version="{version}">
  <itemMeta><pubStatus qcode="stat:usable"/><firstCreated>2026-12-07T08:00:00</firstCreated></itemMeta>
  <contentMeta><headline>{headline}</headline><language tag="de-CH"/></contentMeta>
  <contentSet>{content}</contentSet>
</newsItem>
"""


def minimal(headline="Zug fährt wieder", version="1", content='<inlineData contenttype="text/plain">Der Zug fährt wieder nach Plan.\n\nDie Strecke ist offen.</inlineData>') -> bytes:
    return MINIMAL.format(headline=headline, version=version, content=content).encode("utf-8")


def read(config, data: bytes, name="content/raw/item.xml"):
    return parse_newsml(data, name, ZURICH, category_names(config), config.language_codes, config.default_language)


def test_text_item_gives_headline_category_agency_place_language_time_and_picture(config, tmp_path):
    story, article = analyse_raw((FIXTURES / "newsml-v1.xml").read_bytes(), "content/raw/rail.xml", config, load_vocabularies(tmp_path))
    assert article.title == "Federal railways add two night train routes for the winter"
    assert article.category == "economy"  # medtop:04000000
    assert article.agency == "SDA"
    assert article.byline == "Example Desk"
    assert article.dateline == "Bern"
    assert article.lang == "en"  # en-GB on a site that publishes en
    assert article.published.isoformat() == "2026-12-07T09:30:00+01:00"  # firstCreated, not versionCreated
    assert article.source_version == 1
    assert article.image.caption == "A night train waits at a platform in Zurich main station."
    assert article.image.credit == "Example Photographer/Keystone"
    assert article.image.agency == "Keystone"
    assert article.image.file == "content/raw/night-train.jpg"  # the highRes rendition, beside the XML
    assert story.subheadings == ("Demand after the pandemic",)
    assert "Route two leaves Basel at 22:15." in story.paragraphs


def test_markup_in_the_body_is_reduced_to_text_and_scripts_are_dropped(config):
    story = read(config, (FIXTURES / "newsml-v1.xml").read_bytes()).story
    body = "\n".join(story.texts)
    assert "with sleeping cars on both routes and a booking page to follow." in body
    assert "javascript" not in body and "never" not in body and "ignored" not in body
    assert "according to the operator <script>." in body  # escaped text stays text, and Markdown escapes it later


def test_every_version_of_an_item_is_the_same_story(config, tmp_path):
    vocab = load_vocabularies(tmp_path)
    _, first = analyse_raw((FIXTURES / "newsml-v1.xml").read_bytes(), "content/raw/a.xml", config, vocab)
    _, second = analyse_raw((FIXTURES / "newsml-v2.xml").read_bytes(), "content/raw/b.xml", config, vocab)
    assert first.id == second.id
    assert (first.source_version, second.source_version) == (1, 2)
    assert second.title == "Federal railways add three night train routes for the winter"


def test_canceled_item_without_content_is_a_withdrawal(config):
    raw = read_raw((FIXTURES / "newsml-canceled.xml").read_bytes(), "content/raw/c.xml", config)
    assert raw.story is None
    assert (raw.item.version, raw.item.status, raw.item.withdrawn) == (3, "canceled", True)


def test_plain_item_without_namespace_with_inline_text(config):
    parsed = read(config, minimal())
    assert parsed.story.title == "Zug fährt wieder"
    assert parsed.story.paragraphs == ("Der Zug fährt wieder nach Plan.", "Die Strecke ist offen.")
    assert parsed.story.lang == "de"  # de-CH
    assert parsed.story.published.isoformat() == "2026-12-07T08:00:00+01:00"  # no offset: the feed's zone


def test_a_qcode_named_among_a_categorys_aliases_files_the_story(tmp_path):
    config = parse_config({"languages": ["de"], "categories": [{"id": "verkehr", "labels": {"de": "Verkehr"}, "aliases": ["sdasubject:verkehr"]}]}, tmp_path)
    data = minimal().replace(b"<language", b'<subject qcode="sdasubject:verkehr"/><language')
    _, article = analyse_raw(data, "content/raw/item.xml", config, load_vocabularies(tmp_path))
    assert article.category == "verkehr"


def test_unknown_subjects_are_named_in_a_warning(config):
    data = minimal().replace(b"<language", b'<subject qcode="medtop:20000763"><name>Railway</name></subject><language')
    story = read(config, data).story
    assert story.category is None
    assert any("medtop:20000763" in w for w in story.warnings)


def test_a_remote_picture_is_not_fetched(config):
    data = (FIXTURES / "newsml-v1.xml").read_bytes().replace(b'href="night-train.jpg"', b'href="https://pictures.example.org/night-train.jpg"')
    raw = read_raw(data, "content/raw/rail.xml", config)
    assert raw.story.image.file is None
    assert any("not fetched" in w for w in raw.story.warnings)


def test_a_picture_path_leaving_the_project_is_not_taken(config):
    data = (FIXTURES / "newsml-v1.xml").read_bytes().replace(b'href="night-train.jpg"', b'href="../../../etc/passwd"')
    assert read_raw(data, "content/raw/rail.xml", config).story.image.file is None


def test_external_entity_is_refused_and_the_file_it_names_is_never_read(config, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-VALUE", encoding="utf-8")
    data = f"""<?xml version="1.0"?>
<!DOCTYPE newsItem [<!ENTITY leak SYSTEM "file://{secret}">]>
<newsItem guid="urn:x" version="1"><contentMeta><headline>&leak;</headline></contentMeta></newsItem>
""".encode()
    with pytest.raises(NewsgenError) as error:
        read(config, data, "content/raw/xxe.xml")
    assert "refused" in error.value.message and error.value.file == "content/raw/xxe.xml"
    assert error.value.line == 2
    assert "TOP-SECRET-VALUE" not in str(error.value)


def test_billion_laughs_is_refused_at_once(config):
    entities = "".join(f'<!ENTITY l{i} "{("&l" + str(i - 1) + ";") * 10}">' for i in range(1, 10))
    data = f"""<?xml version="1.0"?>
<!DOCTYPE newsItem [<!ENTITY l0 "ha">{entities}]>
<newsItem guid="urn:x" version="1"><contentMeta><headline>&l9;</headline></contentMeta></newsItem>
""".encode()
    started = time.perf_counter()
    with pytest.raises(NewsgenError, match="refused"):
        read(config, data)
    assert time.perf_counter() - started < 1.0


def test_broken_xml_names_the_line(config):
    data = minimal().replace(b"</headline>", b"</head>")
    with pytest.raises(NewsgenError, match="not well-formed") as error:
        read(config, data, "content/raw/broken.xml")
    assert (error.value.file, error.value.line) == ("content/raw/broken.xml", 4)


@pytest.mark.parametrize(
    ("change", "message", "line"),
    [
        ((b'guid="urn:example:1" ', b""), "no guid", 2),
        ((b'version="1"', b'version="two"'), "not a whole number", 2),
        ((b"<headline>Zug f\xc3\xa4hrt wieder</headline>", b""), "neither a headline nor a slugline", 4),
        ((b"Der Zug f\xc3\xa4hrt wieder nach Plan.\n\nDie Strecke ist offen.", b""), "no body text", 5),
    ],
)
def test_an_item_missing_what_a_story_needs_is_an_error_naming_the_line(config, change, message, line):
    with pytest.raises(NewsgenError, match=message) as error:
        read(config, minimal().replace(*change))
    assert error.value.line == line


def test_a_message_with_two_stories_is_refused_rather_than_half_read(config):
    item = minimal().split(b"?>", 1)[1].decode()
    data = f'<?xml version="1.0"?><newsMessage><itemSet>{item}{item.replace("urn:example:1", "urn:example:2")}</itemSet></newsMessage>'.encode()
    with pytest.raises(NewsgenError, match="2 text newsItems"):
        read(config, data)


def test_sniffing_tells_newsml_from_other_xml_and_from_text():
    assert looks_like_newsml((FIXTURES / "newsml-v1.xml").read_bytes())
    assert looks_like_newsml(b"\xef\xbb\xbf<newsItem guid='x'/>")
    assert not looks_like_newsml(b"<rss><channel/></rss>")
    assert not looks_like_newsml(b"InternationalTitle\nSDA\n07.12.2026 - 10:00\n")
