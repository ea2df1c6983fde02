"""Full-text search: word forms, typos, scripts, towns and index upkeep.

Every test runs unchanged on SQLite and on PostgreSQL with the same expected results.
"""

import random

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from miteinander.offerings import services
from miteinander.offerings.models import Offering, OfferingTranslation, SearchTerm
from miteinander.offerings.search import (
    offering_forget,
    offering_index,
    offerings_reindex,
    search_offerings,
)
from miteinander.offerings.search.analysis import (
    analyse_query,
    edits1,
    fold,
    index_terms,
    is_typo_candidate,
    typo_prefixes,
    within_one_edit,
)
from miteinander.offerings.search.backends import backend_for
from miteinander.offerings.search.query import typo_corrections
from miteinander.offerings.services import OfferingContent
from tests.factories import (
    DistrictFactory,
    OfferingFactory,
    OfferingKindFactory,
    OrganisationFactory,
    TargetGroupFactory,
)

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="about PostgreSQL's index only"
)


def offering(town, title, description="", translations=(), index=True, **fields):
    """An offering of `town`, indexed as the services index it."""
    fields.setdefault("provider", _one_of_town(OrganisationFactory, town, "Netzwerk"))
    fields.setdefault("kind", _one_of_town(OfferingKindFactory, town, "Angebot"))
    created = OfferingFactory(
        municipality=town, title=title, description=description, city="", **fields
    )
    for language, text in translations:
        OfferingTranslation.objects.create(
            offering=created, language=language, title=text, description=""
        )
    if index:
        offering_index(created)
    return created


def _one_of_town(factory, town, name):
    model = factory._meta.get_model_class()
    existing = model.objects.for_municipality(town).filter(name=name).first()
    return existing or factory(municipality=town, name=name)


def found(town, query, queryset=None) -> set[str]:
    queryset = Offering.objects.for_municipality(town) if queryset is None else queryset
    return set(search_offerings(queryset, query).values_list("title", flat=True))


@pytest.fixture
def directory(bensheim, minden):
    """A few offerings in Bensheim, and look-alikes in Minden that must never show up there."""
    offering(bensheim, "Sprachkurs für Frauen", "Deutsch lernen mit Kinderbetreuung.")
    offering(bensheim, "Sprachkurse am Abend", "Für Berufstätige, Niveau A2 bis B1.")
    offering(bensheim, "Beratungsstelle für Geflüchtete", "Asyl, Aufenthalt und Arbeit.")
    offering(bensheim, "Integrationskurs", "Orientierungskurs inklusive.")
    offering(bensheim, "Hausaufgabenhilfe", "Für Schüler der Klassen 5 bis 10.")
    offering(bensheim, "Elterncafé", "Treffpunkt für Muetter und Väter.")
    offering(bensheim, "Tanken lernen", "Ein Kurs zur Fahrzeugpflege.")
    offering(bensheim, "Tanzen", "Im Gemeindehaus.")
    offering(minden, "Sprachkurs in Minden", "Deutsch lernen.")
    offering(minden, "Schwimmkurs", "Für Frauen.")
    return bensheim


# --- German word forms -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Sprachkurse", {"Sprachkurs für Frauen", "Sprachkurse am Abend"}),
        ("Sprachkurs", {"Sprachkurs für Frauen", "Sprachkurse am Abend"}),
        ("sprachk", {"Sprachkurs für Frauen", "Sprachkurse am Abend"}),
        ("Beratung", {"Beratungsstelle für Geflüchtete"}),
        ("Beratungen", {"Beratungsstelle für Geflüchtete"}),
        ("Geflüchteter", {"Beratungsstelle für Geflüchtete"}),
        ("Kinder", {"Sprachkurs für Frauen"}),
        ("integr", {"Integrationskurs"}),
        ("Sprachkurs Frauen", {"Sprachkurs für Frauen"}),
        ("Sprachkurse für Frauen", {"Sprachkurs für Frauen"}),
        ("Sprachkurs Asyl", set()),
        ("a2", {"Sprachkurse am Abend"}),
    ],
)
def test_german_word_forms_match_and_every_word_must_match(directory, query, expected):
    assert found(directory, query) == expected


@pytest.mark.parametrize("query", ["", "   ", "und für die", "!!! ???", "– / …"])
def test_a_query_without_searchable_words_leaves_the_list_as_it_is(directory, query):
    queryset = Offering.objects.for_municipality(directory)
    assert search_offerings(queryset, query) is queryset


def test_stop_words_beside_real_words_are_ignored(directory):
    assert found(directory, "der Integrationskurs und") == {"Integrationskurs"}


@pytest.mark.parametrize("query", ["Schüler", "Schueler", "Schuler", "SCHÜLER"])
def test_umlauts_written_out_or_left_off_find_the_umlaut(directory, query):
    """Snowball's German stemmer reads ue as ü and folds umlauts: all four stem to "schul"."""
    assert found(directory, query) == {"Hausaufgabenhilfe"}


def test_an_umlaut_finds_the_written_out_form(directory):
    assert found(directory, "Mütter") == {"Elterncafé"}
    assert found(directory, "Vater") == {"Elterncafé"}
    assert found(directory, "Elterncafe") == {"Elterncafé"}


# --- Typos ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Sprachkrus", {"Sprachkurs für Frauen", "Sprachkurse am Abend"}),
        ("Beratnug", {"Beratungsstelle für Geflüchtete"}),
        ("Integratoinskurs", {"Integrationskurs"}),
        ("Integrtaoinskurs", set()),  # two edits
        ("Beratnugsstelle", {"Beratungsstelle für Geflüchtete"}),
        ("Sprahckurs", {"Sprachkurs für Frauen", "Sprachkurse am Abend"}),
        ("Hausaufgabnehilfe", {"Hausaufgabenhilfe"}),
        ("Sprachkrus Frauen", {"Sprachkurs für Frauen"}),
        ("Sprachkurs Frauuen", {"Sprachkurs für Frauen"}),
    ],
)
def test_one_typo_is_forgiven(directory, query, expected):
    assert found(directory, query) == expected


def test_words_shorter_than_five_letters_are_not_corrected(directory):
    """One edit in a four-letter word usually makes another word."""
    assert found(directory, "Tnaz") == set()
    assert found(directory, "Tanze") == {"Tanzen"}


def test_a_word_that_matches_as_it_is_is_not_corrected(directory):
    """'tanken' is one edit from 'tanzen', but it is a word of the town itself."""
    assert found(directory, "Tanken") == {"Tanken lernen"}
    assert found(directory, "Tanzen") == {"Tanzen"}


def test_typo_candidates_come_from_the_towns_own_words(directory, minden):
    assert found(directory, "Schwimmkrus") == set()
    assert found(minden, "Schwimmkrus") == {"Schwimmkurs"}


# Words with typical typos (5 letters at least, as corrected); terms near them are stored below.
# A swap at the start of a five-letter word leaves the fewest trigrams in common (the bound).
TYPO_WORDS = [
    "kurse", "ukrse", "kruse", "sprachkrus", "beratnug", "integratoinskurs", "hausaufgabe",
    "schüler", "schueler", "mutter", "elterncafe", "aaaab", "abbbb", "ababa", "kurs2", "a1b2c",
    "курсы", "укрсы", "консультация", "дорога", "الدورة", "الودرة", "استشارة", "مشاوره",
    "كلاسها", "zahnarzt", "zahnarz", "ärztin", "arztin", "bürokratie", "xylophonx",
]  # fmt: skip


def neighbours(word):
    """Strings one edit away, some continued ("beratung" of "beratungsstelle"), and noise."""
    near = sorted(edits1(word))
    far = sorted(edits1(near[len(near) // 2]) - edits1(word) - {word})
    continued = [variant + "stelle" for variant in near[3::11]]
    return near[::7] + continued + far[::50] + [word + "abc", word[1:] + "x", word[:-2]]


def test_both_databases_find_exactly_the_typo_corrections_one_edit_away(bensheim):
    """SQLite spells out the variants; PostgreSQL asks its trigram index. Both must return
    what comparing the word with every stored term returns: nothing lost to the trigram bound."""
    terms = {term for word in TYPO_WORDS for term in neighbours(word)}
    terms |= {"krüse", "kurse2", "kursé", "sprachkurs", "beratungsstelle", "integrationskurs"}
    # The worst case for trigrams: the first two letters swapped, and the term goes on.
    terms |= {word[1] + word[0] + word[2:] + "stelle" for word in TYPO_WORDS}
    SearchTerm.objects.bulk_create([SearchTerm(municipality=bensheim, term=t) for t in terms])
    backend = backend_for()
    total = 0
    for word in TYPO_WORDS:
        expected = {prefix for term in terms for prefix in typo_prefixes(word, term)}
        assert typo_corrections(backend, bensheim.pk, word) == expected, word
        total += len(expected)
    assert total > 500


def test_a_correction_is_the_beginning_of_a_term_one_edit_away():
    assert typo_prefixes("beratnug", "beratungsstelle") == {"beratung"}
    assert typo_prefixes("kurse", "kursleiter") == {"kurs", "kursl", "kursle"}
    assert typo_prefixes("kurse", "kurse") == {"kurs"}
    assert typo_prefixes("kurse", "kasse") == set()


def optimal_string_alignment_distance(a, b):
    """The textbook dynamic programme, to check the shortcut in analysis.within_one_edit."""
    d = [[i + j if i * j == 0 else 0 for j in range(len(b) + 1)] for i in range(len(a) + 1)]
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = a[i - 1] != b[j - 1]
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


def test_within_one_edit_agrees_with_the_damerau_levenshtein_distance():
    rng = random.Random(4)
    pairs = [("".join(rng.choices("abc", k=rng.randint(0, 6))),) * 2 for _ in range(3000)]
    pairs = [(a, "".join(rng.choices("abc", k=rng.randint(0, 6)))) for a, _ in pairs]
    pairs += [("kurse", variant) for variant in edits1("kurse")]
    for a, b in pairs:
        assert within_one_edit(a, b) == (optimal_string_alignment_distance(a, b) <= 1), (a, b)


def test_a_typo_candidate_has_a_letter_of_the_words_script(bensheim):
    assert is_typo_candidate("kurse", "kursen")
    assert not is_typo_candidate("kurse", "kursк")  # a Cyrillic к appended
    assert not is_typo_candidate("kurse", "kurse")
    assert not is_typo_candidate("kurse", "kusre2")


# --- Other scripts -------------------------------------------------------------------------------


@pytest.fixture
def multilingual(bensheim):
    offering(
        bensheim,
        "Deutschkurs",
        translations=[
            ("ru", "Курс немецкого языка"),
            ("uk", "Курси німецької мови"),
            ("ar", "دورة اللغة الألمانية للأطفال"),
            ("fa", "کلاس‌های زبان آلمانی برای زنان"),
            ("tr", "Almanca kursu"),
            ("en", "German classes for families"),
        ],
    )
    offering(
        bensheim,
        "Beratung",
        translations=[("ar", "استشارة للعائلات"), ("ru", "Консультация для семей")],
    )
    return bensheim


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("КУРС", {"Deutschkurs"}),
        ("курс", {"Deutschkurs"}),
        ("курсы", {"Deutschkurs"}),
        ("курсов", {"Deutschkurs"}),
        ("німецької", {"Deutschkurs"}),
        ("НІМЕЦЬКА", {"Deutschkurs"}),
        ("консультации", {"Beratung"}),
        ("Консультация семей", {"Beratung"}),
        ("دورة", {"Deutschkurs"}),
        ("دَوْرَةٌ", {"Deutschkurs"}),
        ("الالمانية", {"Deutschkurs"}),
        ("الإلمانية", {"Deutschkurs"}),
        ("الاطفال", {"Deutschkurs"}),
        ("إستشارة", {"Beratung"}),
        ("إسْتِشَارَة", {"Beratung"}),
        ("کلاس", {"Deutschkurs"}),
        ("كلاس", {"Deutschkurs"}),
        ("کلاسهای", {"Deutschkurs"}),
        ("زبان آلمانی", {"Deutschkurs"}),
        ("زبانی", {"Deutschkurs"}),  # the Persian stem is زبان
        ("زمان", set()),
        ("almanca", {"Deutschkurs"}),
        ("family", {"Deutschkurs"}),
        ("classes", {"Deutschkurs"}),
        ("курс консультация", set()),
    ],
)
def test_translations_are_found_in_their_script(multilingual, query, expected):
    assert found(multilingual, query) == expected


def test_arabic_text_is_folded_without_harakat_and_alef_variants():
    assert fold("أَحْمَد إِبْرَاهِيم آمِنَة") == "احمد ابراهيم امنه"
    assert fold("Ёлка Йога ÇAY Café") == "елка йога cay cafe"
    assert fold("Straße ÜBER") == "strasse über"
    assert fold("می‌خواهم") == "ميخواهم"  # the ZWNJ inside a Persian word goes


# --- Towns, changes, removal ---------------------------------------------------------------------


def test_only_offerings_of_the_querysets_town_are_found(directory, minden):
    assert found(directory, "Sprachkurs") == {"Sprachkurs für Frauen", "Sprachkurse am Abend"}
    assert found(minden, "Sprachkurs") == {"Sprachkurs in Minden"}
    assert found(minden, "Frauen") == {"Schwimmkurs"}


def test_the_related_content_of_an_offering_is_searchable(bensheim):
    target_group = TargetGroupFactory(municipality=bensheim, name="Drittstaatsangehörige")
    created = OfferingFactory(
        provider__municipality=bensheim,
        provider__name="Caritasverband",
        kind=OfferingKindFactory(municipality=bensheim, name="Arbeit und Ausbildung"),
        district=DistrictFactory(municipality=bensheim, name="Auerbach"),
        title="Jobcafé",
        description="",
        city="Bensheim",
    )
    created.target_groups.set([target_group])
    offering_index(created)
    for query in ["Caritas", "Ausbildung", "Drittstaatsangehöriger", "Auerbach", "Bensheim"]:
        assert found(bensheim, query) == {"Jobcafé"}, query


def test_after_a_change_the_old_words_no_longer_find_the_offering(bensheim, coordinator, directory):
    services.directory_setup(municipality=bensheim)
    changed = Offering.objects.for_municipality(bensheim).get(title="Integrationskurs")
    content = OfferingContent(
        fields={"title": "Nähcafé", "description": "Nähen und Plaudern."},
        translations=[{"language": "ru", "title": "Шитьё", "description": ""}],
    )
    services.offering_save(
        municipality=bensheim, acting_user=coordinator, content=content, offering=changed
    )
    assert found(bensheim, "Integrationskurs") == set()
    assert found(bensheim, "Orientierungskurs") == set()
    assert found(bensheim, "Nähen") == {"Nähcafé"}
    assert found(bensheim, "шитье") == {"Nähcafé"}
    terms = set(SearchTerm.objects.for_municipality(bensheim).values_list("term", flat=True))
    assert "integrationskurs" not in terms and "nähcafe" in terms and "шитье" in terms
    assert "lernen" in terms  # other offerings still use it


def test_a_forgotten_offering_is_gone_from_the_index(directory):
    forgotten = Offering.objects.for_municipality(directory).get(title="Integrationskurs")
    offering_forget(forgotten)
    assert found(directory, "Integrationskurs") == set()
    assert found(directory, "Integratoinskurs") == set()
    terms = set(SearchTerm.objects.for_municipality(directory).values_list("term", flat=True))
    assert "integrationskurs" not in terms and "sprachkurs" in terms
    forgotten.delete()
    assert found(directory, "Sprachkurs") == {"Sprachkurs für Frauen", "Sprachkurse am Abend"}


def test_deleting_through_the_service_forgets_the_offering(directory, coordinator):
    deleted = Offering.objects.for_municipality(directory).get(title="Tanzen")
    services.offering_delete(offering=deleted, acting_user=coordinator)
    assert found(directory, "Gemeindehaus") == set()
    assert not SearchTerm.objects.for_municipality(directory).filter(term="tanzen").exists()
    # Now 'tanzen' is no word of the town any more, but one edit from 'tanken'.
    assert found(directory, "Tanzen") == {"Tanken lernen"}


# --- The result is a queryset --------------------------------------------------------------------


def test_the_result_can_be_filtered_counted_and_sliced(directory):
    evening = Offering.objects.for_municipality(directory).get(title="Sprachkurse am Abend")
    evening.is_free = False
    evening.save()
    result = search_offerings(Offering.objects.for_municipality(directory), "Sprachkurs")
    assert result.count() == 2
    assert list(result.filter(is_free=False).values_list("title", flat=True)) == [
        "Sprachkurse am Abend"
    ]
    assert len(result[:1]) == 1 and len(result[1:2]) == 1 and result[0] != result[1]
    narrowed = Offering.objects.for_municipality(directory).filter(is_free=False)
    assert found(directory, "Sprachkurs", narrowed) == {"Sprachkurse am Abend"}
    assert found(directory, "Sprachkurs", narrowed.none()) == set()
    assert Offering.objects.for_municipality(directory).filter(pk__in=result).count() == 2


def test_better_matches_come_first_then_by_title(bensheim):
    offering(bensheim, "Café International", "Mit Sprachkurs-Angebot.")
    offering(bensheim, "Sprachkurs Deutsch", "Ein Sprachkurs für alle, Sprachkurs A1.")
    offering(bensheim, "Abendkurs", "Dies ist ein Sprachkurs.")
    result = search_offerings(Offering.objects.for_municipality(bensheim), "Sprachkurs")
    # Both databases compute the same relevance, so they agree on the whole order.
    assert list(result.values_list("title", flat=True)) == [
        "Sprachkurs Deutsch",  # in the title (counted twice) and twice in the description
        "Abendkurs",  # once in the description, as "Café International": then by title
        "Café International",
    ]


def test_a_search_takes_one_query_per_word_and_one_for_the_result(
    directory, django_assert_num_queries
):
    queryset = Offering.objects.for_municipality(directory).published()
    with django_assert_num_queries(3):
        assert len(search_offerings(queryset, "Sprachkurse Frauen")) == 1


def test_a_queryset_narrowed_another_way_is_searched_in_its_town(directory):
    by_slug = Offering.objects.filter(municipality__slug="bensheim")
    assert found(directory, "Sprachkrus", by_slug) == {
        "Sprachkurs für Frauen",
        "Sprachkurse am Abend",
    }
    assert found(directory, "Sprachkurs", by_slug.filter(title="Tanzen")) == set()


def test_a_queryset_of_two_towns_is_refused(directory, minden):
    both = Offering.objects.all_municipalities()
    with pytest.raises(ValueError, match="one town"):
        search_offerings(both, "Sprachkurs")


# --- Rebuilding ----------------------------------------------------------------------------------


def test_reindex_builds_the_index_of_offerings_never_indexed(bensheim, minden):
    offering(bensheim, "Sprachkurs", index=False)
    offering(minden, "Sprachkurs", index=False)
    offering(minden, "Nähcafé", translations=[("ar", "مقهى الخياطة")], index=False)
    assert found(bensheim, "Sprachkurs") == set()
    assert offerings_reindex(municipality=bensheim) == 1
    assert found(bensheim, "Sprachkurs") == {"Sprachkurs"}
    assert found(minden, "Sprachkurs") == set()
    assert offerings_reindex() == 3
    assert found(minden, "Sprachkurs") == {"Sprachkurs"}
    assert found(minden, "الخياطه") == {"Nähcafé"}
    assert found(minden, "Nähcfae") == {"Nähcafé"}


def test_reindex_gives_the_same_index_as_indexing_one_by_one(directory, minden):
    def snapshot():
        texts = set(
            Offering.objects.all_municipalities().values_list(
                "pk", "search_text_de", "search_text_other"
            )
        )
        terms = set(SearchTerm.objects.all_municipalities().values_list("municipality", "term"))
        return texts, terms

    before = snapshot()
    SearchTerm.objects.all_municipalities().filter(term="lernen").delete()
    SearchTerm.objects.create(municipality=minden, term="veraltet")
    assert offerings_reindex(batch_size=3) == 10
    assert snapshot() == before
    assert found(directory, "Sprachkurse") == {"Sprachkurs für Frauen", "Sprachkurse am Abend"}


def test_the_reindex_command_rebuilds_one_town_or_all(directory, capsys):
    call_command("reindex_offerings", "--town", "bensheim")
    assert "Indexed 8 offerings" in capsys.readouterr().out
    call_command("reindex_offerings")
    assert "Indexed 10 offerings" in capsys.readouterr().out
    with pytest.raises(CommandError, match="no town"):
        call_command("reindex_offerings", "--town", "atlantis")


# --- What the databases see ----------------------------------------------------------------------

MIXED_TEXT = (
    "Sprach-Café für Mütter & Väter, 2x pro Woche (A1/A2); covid19 e-mail@x.de "
    "Курсы для взрослых; دورة اللغة; کلاس‌های زبان; Almanca kursu; 10:30 Uhr"
)


def test_the_database_splits_the_stored_text_into_exactly_the_python_terms(bensheim):
    """A term the database split or changed would be found on one database and not the other."""
    created = offering(bensheim, MIXED_TEXT, translations=[("ru", MIXED_TEXT)])
    created.refresh_from_db()
    expected = set(created.search_text_de.split()) | set(created.search_text_other.split())
    assert expected >= set(index_terms(MIXED_TEXT, "de")) | set(index_terms(MIXED_TEXT, "ru"))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT array_agg(lexeme) FROM offerings_offering, unnest(search_vector) "
                "WHERE id = %s",
                [created.pk],
            )
            terms = set(cursor.fetchone()[0])
        else:
            cursor.execute(
                "CREATE VIRTUAL TABLE temp.search_vocabulary "
                "USING fts5vocab(main, offerings_search, 'instance')"
            )
            cursor.execute("SELECT term FROM temp.search_vocabulary WHERE doc = %s", [created.pk])
            town_prefix = f"{bensheim.pk}x"
            terms = {term.removeprefix(town_prefix) for (term,) in cursor.fetchall()}
    assert terms == expected
    assert {"sprach", "cafe", "mutt", "mütter", "курс", "курсы", "2x", "covid19"} <= terms


def test_every_word_of_a_query_can_be_found_in_the_index(bensheim):
    offering(bensheim, MIXED_TEXT, translations=[("fa", MIXED_TEXT), ("ar", MIXED_TEXT)])
    for word in analyse_query(MIXED_TEXT):
        assert found(bensheim, word.word) == {MIXED_TEXT}, word


@on_postgresql
def test_postgresql_answers_the_match_from_the_gin_index(directory):
    """The match asks the stored tsvector's GIN index."""
    # Across all towns, so that the town's own index cannot serve the query instead.
    every_town = Offering.objects.all_municipalities()
    result = backend_for().match(every_town, directory.pk, [("sprachkur",), ("frau", "fra")])
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = result.explain()
    assert "Bitmap Index Scan on offering_search_vector" in plan
    assert {offering.title for offering in result} == {"Sprachkurs für Frauen"}


def test_renaming_the_provider_reindexes_its_offerings(bensheim, coordinator):
    from miteinander.network.services import organisation_update

    services.directory_setup(municipality=bensheim)
    offering = OfferingFactory(provider__municipality=bensheim, provider__name="Caritas")
    offering_index(offering)
    towns_offerings = Offering.objects.for_municipality(bensheim)
    assert list(search_offerings(towns_offerings, "Caritas")) == [offering]
    organisation_update(
        organisation=offering.provider, acting_user=coordinator, name="Diakonie Bergstraße"
    )
    assert list(search_offerings(towns_offerings, "Diakonie")) == [offering]
    assert list(search_offerings(towns_offerings, "Caritas")) == []
