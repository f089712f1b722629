"""What :mod:`coursekit.forkserver` imports once, in its server, for every nbgrader command.

nbgrader's applications, converters and preprocessors (with nbconvert, jupyter_client and
SQLAlchemy under them) and the course's feedback preprocessor: everything
``nbgrader_config.py`` and ``python -m nbgrader`` import, except what imports numpy (the judge):
numpy reads its BLAS settings when it is imported, and those must come from each command's
environment.
"""

import nbgrader.apps.nbgraderapp  # noqa: F401
import nbgrader.converters  # noqa: F401
import nbgrader.preprocessors  # noqa: F401
import coursekit.feedback  # noqa: F401
import coursekit.sandbox  # noqa: F401
