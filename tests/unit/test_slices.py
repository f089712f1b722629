"""helpers.slices: the loss along a line and on a plane through W, for any loss function."""

import numpy as np
import pytest

from helpers.slices import slice_1d, slice_2d

loss = lambda W: float(np.sum(W ** 2))


def test_slice_1d_by_hand():
    W, W1 = np.array([1.0, 0.0]), np.array([0.0, 1.0])
    np.testing.assert_array_equal(slice_1d(loss, W, W1, [-1.0, 0.0, 2.0]), [2.0, 1.0, 5.0])


def test_slice_2d_layout_rows_are_betas():
    W, W1, W2 = np.zeros((2, 2)), np.eye(2), np.ones((2, 2))
    alphas, betas = np.array([0.0, 1.0, 2.0]), np.array([0.0, 1.0])
    g = slice_2d(loss, W, W1, W2, alphas, betas)
    assert g.shape == (2, 3)
    for i, b in enumerate(betas):
        for j, a in enumerate(alphas):
            assert g[i, j] == loss(W + a * W1 + b * W2)


def test_slice_errors():
    with pytest.raises(ValueError, match="W1 must have the shape"):
        slice_1d(loss, np.zeros(2), np.zeros(3), [0.0])
    with pytest.raises(ValueError, match="W2 must have the shape"):
        slice_2d(loss, np.zeros(2), np.zeros(2), np.zeros((2, 1)), [0.0], [0.0])
    with pytest.raises(TypeError, match="loss_fn"):
        slice_2d(None, np.zeros(2), np.zeros(2), np.zeros(2), [0.0], [0.0])
