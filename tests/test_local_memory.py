"""The process-local tiers in front of the shared cache: bounded, expiring, reset as one."""

from core import local_memory
from core.local_memory import LocalTier


def test_an_entry_is_gone_its_ttl_after_it_was_set_however_often_it_is_read(clock):
    tier = LocalTier("test")
    tier.set("a", 1, ttl=10)
    clock[0] += 9.9
    assert tier.get("a") == 1
    assert "a" in tier
    clock[0] += 0.1
    assert tier.get("a") is None
    assert "a" not in tier
    assert len(tier) == 0


def test_beyond_max_entries_the_oldest_goes_first():
    tier = LocalTier("test", max_entries=2)
    for key in "abc":
        tier.set(key, key.upper())
    assert [tier.get(key) for key in "abc"] == [None, "B", "C"]


def test_beyond_max_bytes_the_least_recently_read_goes_first():
    tier = LocalTier("test", max_bytes=10, lru=True)
    tier.set("a", "A", size=4)
    tier.set("b", "B", size=4)
    assert tier.get("a") == "A"  # now "b" is the least recently read
    tier.set("c", "C", size=4)
    assert (tier.get("a"), tier.get("b"), tier.get("c")) == ("A", None, "C")


def test_setting_a_key_again_replaces_it_and_its_size():
    tier = LocalTier("test", max_bytes=10)
    tier.set("a", "old", size=8)
    tier.set("a", "new", size=8)
    assert tier.get("a") == "new"
    tier.set("b", "B", size=2)
    assert tier.get("a") == "new"


def test_expired_entries_make_room_before_live_ones_are_evicted(clock):
    tier = LocalTier("test", max_entries=2)
    tier.set("old", 1, ttl=1)
    tier.set("live", 2)
    clock[0] += 2
    tier.set("new", 3)
    assert (tier.get("live"), tier.get("new")) == (2, 3)


def test_forget_all_empties_every_tier_of_the_module():
    declared = [value for value in vars(local_memory).values() if isinstance(value, LocalTier)]
    assert set(map(id, declared)) == set(map(id, local_memory.TIERS))
    for tier in declared:
        tier.set("key", "value")
    local_memory.forget_all()
    assert all(len(tier) == 0 for tier in declared)
