"""After start-up, the collector leaves start-up's objects alone and runs less often."""

from __future__ import annotations

import gc

from hdsgraph.core.heap import YOUNG_GENERATION_THRESHOLD, settle_after_start


def test_start_up_objects_are_frozen_and_young_collections_are_rarer() -> None:
    before = gc.get_threshold()
    built_at_start = [[n] for n in range(1000)]  # containers the collector would otherwise track
    try:
        settle_after_start()
        assert gc.get_freeze_count() >= len(built_at_start)
        assert gc.get_threshold() == (YOUNG_GENERATION_THRESHOLD, before[1], before[2])
        assert before[0] < YOUNG_GENERATION_THRESHOLD
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
