"""The LP repair step of secondary suppression on a system worked out by hand."""

from __future__ import annotations

import numpy as np

from dagster_project.masking.protection import _pinned, protect
from dagster_project.masking.relations import ClassSystem, SuppressionStats

# Classes 0..7 and two relations (sum of coef * value = 0; a total has coef -1):
#   R0: x + u + c + f + d = S1      2 + 3 + 5 + 6 + 7 = 23
#   R1:     u + c + f + e = S2          3 + 5 + 6 + 20 = 34
X, U, C, F, D, E, S1, S2 = range(8)
VALUES = np.array([2, 3, 5, 6, 7, 20, 23, 34], dtype=float)
MEMBERS = {0: {X: 1, U: 1, C: 1, F: 1, D: 1, S1: -1}, 1: {U: 1, C: 1, F: 1, E: 1, S2: -1}}


def _system() -> ClassSystem:
    rel, cls, coef = zip(*[(r, c, k) for r, m in MEMBERS.items() for c, k in m.items()], strict=True)
    return ClassSystem(cls_of_cell=np.arange(8), cls_value=VALUES, cls_tier=np.zeros(8, dtype=np.int8),
                       rel=np.array(rel), cls=np.array(cls), coef=np.array(coef, dtype=float))


def test_repair_hides_a_cell_that_breaks_the_combination_not_one_it_cancels():
    # x=2 and u=3 are primary (bounds [1, 4], unit 1, threshold 5). R1 alone gives u away (its only masked cell),
    # so the per-relation rule hides R1's smallest other cell, c=5. Then each relation alone is safe
    # (R0: x+u+c = 23-6-7 = 10; R1: u+c = 34-6-20 = 8), but R0 - R1 gives x = 10 - 8 = 2: pinned by the two together.
    # f=6 is the cheapest unmasked cell of x's relation R0, but it sits in R0 and R1 with the same sign, so R0 - R1
    # still gives x = 2 with f hidden too. d=7 is in R0 only: hiding it leaves x + d = 9 (x in [1,4], d in [5,8])
    # and u + c = 8 (u in [1,4], c in [4,7]): nothing pinned. So exactly x, u, c, d are masked and f stays published.
    system = _system()
    primary = np.zeros(8, dtype=bool)
    primary[[X, U]] = True
    masked, labelled = protect(system, primary, threshold=5, step=1.0, stats=SuppressionStats())
    assert np.flatnonzero(masked).tolist() == [X, U, C, D]
    assert np.flatnonzero(labelled).tolist() == [X, U]


def test_pinned_gives_the_combination_that_isolates_the_cell():
    # Masked x, u, c (columns 0, 1, 2) in R0: x+u+c = 10 and R1: u+c = 8, bounds [1,4], [1,4], [1, 100]: only x is
    # pinned (x = 2); u and c move together (u=1, c=7 ... u=4, c=4). Its certificate is R0 - R1 (up to sign): the
    # weights y with y'A = e_x.
    from scipy.sparse import csr_matrix

    a_eq = csr_matrix(np.array([[1.0, 1.0, 1.0], [0.0, 1.0, 1.0]]))
    found, certificates = _pinned(a_eq, np.array([10.0, 8.0]), np.array([1.0, 1.0, 1.0]),
                                  np.array([4.0, 4.0, 100.0]), np.array([2.0, 3.0, 5.0]), np.zeros(3, dtype=int))
    assert found == [0]
    rows, y = certificates[0]
    assert rows.tolist() == [0, 1]
    combination = y @ a_eq.toarray()
    assert np.allclose(combination / combination[0], [1.0, 0.0, 0.0])


def test_pinned_separates_pinned_from_free_cells_across_blocks():
    # Three independent blocks, bounds [1, 100] except x, u in [1, 4]:
    #   block 0: x + u + c = 10, u + c = 8  -> x = 2 pinned; u and c move together (u=1, c=7 ... u=4, c=4)
    #   block 1: p + q = 6, p - q = 2      -> p = 4, q = 2 both pinned (two equations, two unknowns)
    #   block 2: r + s = 9                 -> r and s free (r=1, s=8 ... r=8, s=1)
    # so exactly x, p, q (columns 0, 3, 4) are pinned, each with a combination of its own block's rows only.
    from scipy.sparse import csr_matrix

    a = np.zeros((5, 7))
    a[0, [0, 1, 2]] = 1.0
    a[1, [1, 2]] = 1.0
    a[2, [3, 4]] = 1.0
    a[3, 3], a[3, 4] = 1.0, -1.0
    a[4, [5, 6]] = 1.0
    found, certificates = _pinned(csr_matrix(a), np.array([10.0, 8.0, 6.0, 2.0, 9.0]), np.ones(7),
                                  np.array([4.0, 4.0, 100.0, 100.0, 100.0, 100.0, 100.0]),
                                  np.array([2.0, 3.0, 5.0, 4.0, 2.0, 4.0, 5.0]), np.array([0, 0, 0, 1, 1, 2, 2]))
    assert found == [0, 3, 4]
    for j, block_rows in ((0, {0, 1}), (3, {2, 3}), (4, {2, 3})):
        rows, y = certificates[j]
        assert set(rows.tolist()) <= block_rows
        combination = y @ a[rows]
        assert np.allclose(combination / combination[j], np.eye(7)[j])
