"""Small classifiers for the optimizer lessons: softmax regression and a two-layer network.

Data hold one example per row: ``X`` is ``(m, n)``, labels ``y`` are integers
``0 … C-1`` of shape ``(m,)``. Both models end in a softmax with the
cross-entropy loss averaged over the examples:

.. math::
    p_{ic} = \\frac{e^{s_{ic}}}{\\sum_k e^{s_{ik}}}, \\qquad
    L = -\\frac1m \\sum_i \\log p_{i y_i}, \\qquad
    \\frac{\\partial L}{\\partial s} = \\frac1m (P - Y)

with ``Y`` the one-hot labels. L2 regularisation adds
``reg/2 * sum of squared weights`` (biases are not regularised), whose
gradient is ``reg * W``.
"""

from __future__ import annotations

import numpy as np

from ._validate import _show, as_float_array, check_int, check_positive, check_rng

__all__ = [
    "softmax",
    "softmax_loss_and_grad",
    "init_two_layer",
    "two_layer_loss_and_grad",
    "predict",
    "accuracy",
]

_ACTIVATIONS = ("relu", "tanh")
_PARAM_NAMES = ("W1", "b1", "W2", "b2")


def _check_activation(activation) -> str:
    if not isinstance(activation, str) or activation not in _ACTIVATIONS:
        raise ValueError(f"activation must be 'relu' or 'tanh', got {_show(activation)}")
    return activation


def _check_X(X, n: int) -> np.ndarray:
    X = as_float_array("X", X, ndim=2)
    if X.shape[1] != n:
        raise ValueError(f"X must have {n} columns (features) to match the weights, got shape {X.shape}")
    if X.shape[0] == 0:
        raise ValueError("X must hold at least one example, got 0 rows")
    return X


def _check_labels(y, m: int, n_classes: int) -> np.ndarray:
    y = np.asarray(y)
    if y.dtype.kind not in "iu":
        raise TypeError(f"y must hold integer class labels, got dtype {y.dtype}")
    if y.shape != (m,):
        raise ValueError(f"y must have shape ({m},) (one label per row of X), got {y.shape}")
    if m and (y.min() < 0 or y.max() >= n_classes):
        raise ValueError(f"y must hold labels in 0 … {n_classes - 1}, got values in {y.min()} … {y.max()}")
    return y


def softmax(scores):
    """Row-wise softmax along the last axis, computed stably (the row maximum is subtracted first).

    Parameters
    ----------
    scores : array_like, shape ``(..., C)``

    Returns
    -------
    ndarray, float64, same shape; each row sums to 1.
    """
    s = as_float_array("scores", scores)
    if s.ndim == 0:
        raise ValueError("scores must have at least one axis (the classes), got a scalar")
    e = np.exp(s - np.max(s, axis=-1, keepdims=True))
    e /= np.sum(e, axis=-1, keepdims=True)
    return e


def _cross_entropy(scores: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
    """Mean softmax cross-entropy of ``scores`` (m, C) and its gradient w.r.t. the scores."""
    m = scores.shape[0]
    shifted = scores - np.max(scores, axis=1, keepdims=True)
    log_norm = np.log(np.sum(np.exp(shifted), axis=1))
    rows = np.arange(m)
    loss = float(np.mean(log_norm - shifted[rows, y]))
    dscores = np.exp(shifted - log_norm[:, None])
    dscores[rows, y] -= 1.0
    dscores /= m
    return loss, dscores


def softmax_loss_and_grad(W, X, y, reg=0.0):
    r"""Softmax regression (multinomial logistic regression): loss and gradient.

    .. math:: S = X W, \quad L = \mathrm{CE}(S, y) + \tfrac{\mathrm{reg}}{2}\lVert W\rVert^2, \quad
              \nabla_W L = X^\top \tfrac1m (P - Y) + \mathrm{reg}\, W

    The bias is folded into ``X`` as a column of ones (as for the SVM loss of lessons 01-02).

    Parameters
    ----------
    W : ndarray, shape ``(n, C)``
    X : ndarray, shape ``(m, n)``
    y : ndarray of int, shape ``(m,)``, values in ``0 … C-1``
    reg : float, >= 0

    Returns
    -------
    loss : float
    dW : ndarray, shape ``(n, C)``

    Raises
    ------
    TypeError, ValueError
        Mismatched shapes, non-integer or out-of-range labels, ``reg < 0``.
    """
    W = as_float_array("W", W, ndim=2)
    X = _check_X(X, W.shape[0])
    y = _check_labels(y, X.shape[0], W.shape[1])
    reg = check_positive("reg", reg, allow_zero=True)
    loss, dS = _cross_entropy(X @ W, y)
    loss += 0.5 * reg * float(np.sum(W * W))
    return loss, X.T @ dS + reg * W


def init_two_layer(n_in, n_hidden, n_out, rng, activation="relu"):
    """Random initial parameters of a two-layer network.

    Draws, in this order::

        W1 = rng.standard_normal((n_in, n_hidden)) * sqrt(g / n_in)    # g = 2 (relu, He) or 1 (tanh)
        W2 = rng.standard_normal((n_hidden, n_out)) * sqrt(1 / n_hidden)

    and sets ``b1 = zeros(n_hidden)``, ``b2 = zeros(n_out)``.

    Parameters
    ----------
    n_in, n_hidden, n_out : int, >= 1
    rng : numpy.random.Generator
    activation : {"relu", "tanh"}
        Only chooses the scale of ``W1``.

    Returns
    -------
    dict
        ``{"W1": (n_in, n_hidden), "b1": (n_hidden,), "W2": (n_hidden, n_out), "b2": (n_out,)}``, float64.

    Raises
    ------
    TypeError, ValueError
        A size ``< 1``, ``rng`` not a Generator, unknown ``activation``.
    """
    n_in = check_int("n_in", n_in, minimum=1)
    n_hidden = check_int("n_hidden", n_hidden, minimum=1)
    n_out = check_int("n_out", n_out, minimum=1)
    rng = check_rng("rng", rng)
    gain = 2.0 if _check_activation(activation) == "relu" else 1.0
    W1 = rng.standard_normal((n_in, n_hidden)) * np.sqrt(gain / n_in)
    W2 = rng.standard_normal((n_hidden, n_out)) * np.sqrt(1.0 / n_hidden)
    return {"W1": W1, "b1": np.zeros(n_hidden), "W2": W2, "b2": np.zeros(n_out)}


def _check_params(params) -> dict:
    if not isinstance(params, dict):
        raise TypeError(f"params must be a dict with keys {_PARAM_NAMES}, got {type(params).__name__}")
    missing = [k for k in _PARAM_NAMES if k not in params]
    if missing:
        raise ValueError(f"params is missing {missing}; it needs {_PARAM_NAMES}")
    W1 = as_float_array("params['W1']", params["W1"], ndim=2)
    b1 = as_float_array("params['b1']", params["b1"], ndim=1)
    W2 = as_float_array("params['W2']", params["W2"], ndim=2)
    b2 = as_float_array("params['b2']", params["b2"], ndim=1)
    H = W1.shape[1]
    if b1.shape != (H,) or W2.shape[0] != H or b2.shape != (W2.shape[1],):
        raise ValueError(f"params shapes do not fit together: W1 {W1.shape}, b1 {b1.shape}, "
                         f"W2 {W2.shape}, b2 {b2.shape}")
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def _forward(p: dict, X: np.ndarray, activation: str):
    Z1 = X @ p["W1"]
    Z1 += p["b1"]
    A1 = np.maximum(Z1, 0.0) if activation == "relu" else np.tanh(Z1)
    S = A1 @ p["W2"]
    S += p["b2"]
    return Z1, A1, S


def two_layer_loss_and_grad(params, X, y, reg=0.0, activation="relu"):
    r"""Loss and gradients of a two-layer network ``affine - relu/tanh - affine - softmax``.

    Forward:

    .. math::
        Z_1 = X W_1 + b_1, \quad A_1 = g(Z_1), \quad S = A_1 W_2 + b_2, \quad
        L = \mathrm{CE}(S, y) + \tfrac{\mathrm{reg}}{2}(\lVert W_1\rVert^2 + \lVert W_2\rVert^2)

    Backward, with :math:`dS = (P - Y)/m`:

    .. math::
        dW_2 = A_1^\top dS + \mathrm{reg}\,W_2, \quad db_2 = \textstyle\sum_i dS_i, \quad
        dZ_1 = (dS\, W_2^\top) \odot g'(Z_1), \quad dW_1 = X^\top dZ_1 + \mathrm{reg}\,W_1, \quad
        db_1 = \textstyle\sum_i dZ_{1,i}

    with ``g' = 1[Z1 > 0]`` (relu) or ``1 - A1**2`` (tanh).

    Parameters
    ----------
    params : dict
        ``W1 (n, H)``, ``b1 (H,)``, ``W2 (H, C)``, ``b2 (C,)`` as from :func:`init_two_layer`.
    X : ndarray, shape ``(m, n)``
    y : ndarray of int, shape ``(m,)``
    reg : float, >= 0
    activation : {"relu", "tanh"}

    Returns
    -------
    loss : float
    grads : dict
        Same keys and shapes as ``params``.

    Raises
    ------
    TypeError, ValueError
        Missing or inconsistent params, mismatched ``X``/``y``, bad labels,
        ``reg < 0``, unknown ``activation``.
    """
    activation = _check_activation(activation)
    reg = check_positive("reg", reg, allow_zero=True)
    p = _check_params(params)
    X = _check_X(X, p["W1"].shape[0])
    y = _check_labels(y, X.shape[0], p["W2"].shape[1])
    Z1, A1, S = _forward(p, X, activation)
    loss, dS = _cross_entropy(S, y)
    loss += 0.5 * reg * (float(np.sum(p["W1"] ** 2)) + float(np.sum(p["W2"] ** 2)))
    dA1 = dS @ p["W2"].T
    dZ1 = dA1 * (Z1 > 0) if activation == "relu" else dA1 * (1.0 - A1**2)
    grads = {
        "W1": X.T @ dZ1 + reg * p["W1"],
        "b1": dZ1.sum(axis=0),
        "W2": A1.T @ dS + reg * p["W2"],
        "b2": dS.sum(axis=0),
    }
    return loss, grads


def predict(params, X, activation="relu"):
    """Predicted class labels: the arg-max of the scores.

    Parameters
    ----------
    params : dict or ndarray
        A two-layer ``params`` dict (scores ``g(X W1 + b1) W2 + b2``), or the
        ``(n, C)`` weight matrix of a linear model (scores ``X @ W``).
    X : ndarray, shape ``(m, n)``
    activation : {"relu", "tanh"}
        Used only for the two-layer network.

    Returns
    -------
    ndarray of int64, shape ``(m,)``
    """
    if isinstance(params, dict):
        activation = _check_activation(activation)
        p = _check_params(params)
        X = _check_X(X, p["W1"].shape[0])
        S = _forward(p, X, activation)[2]
    else:
        W = as_float_array("params", params, ndim=2)
        X = _check_X(X, W.shape[0])
        S = X @ W
    return np.argmax(S, axis=1).astype(np.int64, copy=False)


def accuracy(params, X, y, activation="relu"):
    """Fraction of rows of ``X`` whose predicted class equals ``y``: ``mean(predict(params, X) == y)``.

    Same call as ``helpers.losses.accuracy(W, X, y)``; ``params`` may be a
    two-layer ``params`` dict or a linear ``(n, C)`` weight matrix (see :func:`predict`).

    Returns
    -------
    float in ``[0, 1]``

    Raises
    ------
    ValueError
        ``y`` not of shape ``(m,)``; anything :func:`predict` raises.
    """
    y_pred = predict(params, X, activation)
    y = np.asarray(y)
    if y.shape != y_pred.shape:
        raise ValueError(f"y must have shape {y_pred.shape} (one label per row of X), got {y.shape}")
    return float(np.mean(y_pred == y))
