from comments.moderation.normalize import WORDLIST_DIR, read_wordlist
from comments.moderation.terms import TermMatcher, parse_entry


def test_every_wordlist_entry_parses():
    files = sorted(WORDLIST_DIR.glob("*.txt"))
    assert len(files) >= 10
    for path in files:
        entries = read_wordlist(path.stem)
        assert entries, path.name
        for entry in entries:
            assert parse_entry(entry) is not None, (path.name, entry)


def test_no_duplicate_entries_within_a_list():
    for path in WORDLIST_DIR.glob("*.txt"):
        entries = [e.lower() for e in read_wordlist(path.stem)]
        assert len(entries) == len(set(entries)), path.name


def test_lists_are_loaded_once_into_shared_matchers():
    import comments.moderation.policy  # noqa: F401  (registers every rule's matchers)

    assert len(TermMatcher.registry) >= 8
    assert sum(len(m) for m in TermMatcher.registry) > 500
