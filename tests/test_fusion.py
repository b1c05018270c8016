"""Reciprocal rank fusion (retrieval/hybrid.rrf_fuse): the step that merges BM25, vector and
figure rankings. Pure function, so it is tested on its own."""

from __future__ import annotations

import pytest

from retrieval.hybrid import rrf_fuse


def test_an_item_high_in_two_rankings_beats_one_high_in_one():
    fused = rrf_fuse([([1, 2, 3], 1.0), ([2, 9, 1], 1.0)], k=60)
    order = sorted(fused, key=lambda i: -fused[i])
    assert order[:2] == [2, 1]
    assert fused[2] == pytest.approx(1 / 62 + 1 / 61)


def test_weights_scale_a_ranking_and_zero_weight_ignores_it():
    fused = rrf_fuse([([5], 2.0), ([7], 0.0)], k=0)
    assert fused[5] == pytest.approx(2.0) and fused[7] == 0.0


def test_empty_rankings_give_nothing():
    assert rrf_fuse([], k=60) == {} and rrf_fuse([([], 1.0)]) == {}
