"""Critical points: how rare minima are among random Hessians (lesson 10).

At a critical point (``∇f = 0``) the eigenvalues ``λ_1 ≤ … ≤ λ_n`` of the
symmetric Hessian ``H`` decide what it is:

* eigenvalues of both signs → a **saddle** point, whatever zero eigenvalues
  it also has,
* otherwise all ``λ_i > 0``  → a local **minimum**,
* all ``λ_i < 0``  → a local **maximum**,
* some ``λ_i ≈ 0`` and the rest of one sign (or none) → **degenerate**: the
  second-order test cannot tell.

If each eigenvalue's sign were a fair coin (``ensemble="independent"``), a
random critical point would be a minimum with probability ``2^-n``; in the
Gaussian orthogonal ensemble (``ensemble="goe"``) eigenvalues repel each other
and the fraction falls even faster (like ``exp(-θ n²)``, Dean & Majumdar
2006). Either way, in high dimensions almost every critical point is a saddle.

(The second-order test itself, ``classify_critical_point``, is lesson 10's exercise.)
"""

from __future__ import annotations

import numpy as np

from ._validate import _show, check_int, check_rng

__all__ = ["random_symmetric_hessians", "fraction_positive_definite"]


_ENSEMBLES = ("goe", "independent")


def _check_ensemble(ensemble) -> str:
    if not isinstance(ensemble, str) or ensemble not in _ENSEMBLES:
        raise ValueError(f"ensemble must be 'goe' or 'independent', got {_show(ensemble)}")
    return ensemble


def random_symmetric_hessians(n, count, rng, ensemble="goe"):
    r"""A stack of random symmetric matrices.

    ``ensemble="goe"`` (Gaussian orthogonal ensemble), drawn in one call::

        A = rng.standard_normal((count, n, n));   H = (A + A^T) / 2

    so diagonal entries have variance 1 and off-diagonal entries variance 1/2.
    Its eigenvalues repel each other: the fraction of positive-definite
    matrices falls like ``exp(-θ n²)`` (θ ≈ 0.27), much faster than ``2^-n``
    (measured with 10^6 samples each: 0.50, 0.15, 0.025, 2.5e-3, 1.1e-4, 3e-6
    for n = 1 … 6).

    ``ensemble="independent"`` — the coin-flip picture: independent
    eigenvalues in a random basis::

        lam = rng.standard_normal((count, n));   G = rng.standard_normal((count, n, n))
        Q, R = np.linalg.qr(G);   Q = Q * sign(diag(R))      # Haar-distributed rotation
        H = Q diag(lam) Q^T

    so a matrix is positive definite with probability exactly ``2^-n``.

    Parameters
    ----------
    n : int, >= 1
        Dimension.
    count : int, >= 1
        Number of matrices (memory ``8 count n²`` bytes, a few times over).
    rng : numpy.random.Generator
    ensemble : {"goe", "independent"}

    Returns
    -------
    ndarray, float64, shape ``(count, n, n)``, each symmetric

    Raises
    ------
    TypeError, ValueError
        ``n < 1``, ``count < 1``, ``rng`` not a Generator, unknown ``ensemble``.
    """
    n = check_int("n", n, minimum=1)
    count = check_int("count", count, minimum=1)
    rng = check_rng("rng", rng)
    ensemble = _check_ensemble(ensemble)
    if ensemble == "goe":
        A = rng.standard_normal((count, n, n))
        A += np.swapaxes(A, -1, -2).copy()
        A *= 0.5
        return A
    lam = rng.standard_normal((count, n))
    Q, R = np.linalg.qr(rng.standard_normal((count, n, n)))
    Q *= np.sign(np.diagonal(R, axis1=-2, axis2=-1))[:, None, :]
    H = (Q * lam[:, None, :]) @ np.swapaxes(Q, -1, -2)
    return 0.5 * (H + np.swapaxes(H, -1, -2))  # exactly symmetric despite rounding


def fraction_positive_definite(n, count, rng, ensemble="goe"):
    """Fraction of ``count`` random symmetric ``n x n`` matrices that are positive definite.

    Draws ``H = random_symmetric_hessians(n, count, rng, ensemble)``, computes
    all eigenvalues in one batched ``np.linalg.eigvalsh(H)`` (shape
    ``(count, n)``) and returns the fraction of matrices whose eigenvalues are
    all ``> 0`` — the chance that a random critical point is a minimum.

    Parameters
    ----------
    n : int, >= 1
    count : int, >= 1
    rng : numpy.random.Generator
    ensemble : {"goe", "independent"}
        ``"independent"`` gives ``≈ 2^-n``; ``"goe"`` falls faster (see
        :func:`random_symmetric_hessians`): for ``n = 6`` about 3 in a million
        samples are positive definite, so samples of tens of thousands usually
        hold none.

    Returns
    -------
    float in ``[0, 1]``  (``≈ 1/2`` for ``n = 1``)

    Raises
    ------
    TypeError, ValueError
        As :func:`random_symmetric_hessians`.
    """
    H = random_symmetric_hessians(n, count, rng, ensemble)
    lam = np.linalg.eigvalsh(H)
    return float(np.mean(np.all(lam > 0, axis=-1)))
