"""nbgrader configuration for the course (nbgrader only reads it from the current folder:
run nbgrader commands from the repository root, or use the Makefile targets)."""
import os

from jupyter_core.paths import jupyter_runtime_dir

from coursekit.nbgrader_ext import (
    HideHiddenTests, InsertPrologue, LimitOutputSize, RemovePrologue, SafeExecute, ShortTracebacks,
)
from coursekit.feedback import FeedbackNotes
from coursekit.markers import CODE_STUB
from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.preprocessors import (
    AssignLatePenalties, CheckCellMetadata, ClearOutput, DeduplicateIds, GetGrades,
    IgnorePattern, LimitOutput, OverwriteCells, OverwriteKernelspec, SaveAutoGrades,
)

c = get_config()  # noqa: F821 - provided by traitlets

here = os.path.dirname(os.path.abspath(__file__))
c.CourseDirectory.course_id = "optim-dl"
c.CourseDirectory.root = os.environ.get("COURSE_ROOT", here)
c.CourseDirectory.source_directory = "notebooks"
c.CourseDirectory.db_url = "sqlite:///" + os.path.join(c.CourseDirectory.root, "gradebook.db")
# nbgrader's exchange (release_assignment / fetch_assignment / submit / collect) for a
# JupyterHub: one shared, world-writable folder on the hub's machine
c.Exchange.root = os.environ.get("COURSE_EXCHANGE", "/srv/nbgrader/exchange")
# lesson sources (NN_name.py) and notebook checkpoints stay out of the student release; a
# lesson's earlier_lessons.py (earlier lessons' references it builds on) goes with it
c.CourseDirectory.ignore = [".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback", "[0-9][0-9]_*.py"]

# a student who deletes or edits a test cell gets the original back
c.OverwriteCells.add_missing_cells = True
c.Autograde.sanitize_preprocessors = [
    ClearOutput, DeduplicateIds, OverwriteKernelspec, OverwriteCells, CheckCellMetadata,
]
c.Autograde.autograde_preprocessors = [
    InsertPrologue, SafeExecute, RemovePrologue, IgnorePattern, ClearMetadataPreprocessor,
    LimitOutput, LimitOutputSize, SaveAutoGrades, AssignLatePenalties, CheckCellMetadata,
]
# the judge takes the test cells (hidden checks included) from the instructor's source notebooks
c.SafeExecute.source_dir = os.path.join(c.CourseDirectory.root, "notebooks")
c.Execute.timeout = int(os.environ.get("COURSE_CELL_TIMEOUT", "60"))  # seconds per cell
c.Execute.interrupt_on_timeout = True
# kernels talk over Unix sockets, not TCP: with TCP, kernels started side by side (the
# parallel grader) can race for the same free port and one dies before it answers
# (the socket files need an absolute path: a kernel runs in its notebook's folder; one
# prefix per nbgrader process, in a private runtime folder when coursekit starts it)
c.KernelManager.transport = "ipc"
os.makedirs(jupyter_runtime_dir(), exist_ok=True)
c.KernelManager.ip = os.path.join(jupyter_runtime_dir(), f"nbg-{os.getpid()}")
c.LimitOutput.max_lines = 200
c.LimitOutputSize.max_chars = 20_000

# feedback names the mistake but never shows hidden test code; FeedbackNotes + the course's
# template make it readable: test cells named by what they check, the judge's verdict (named
# mistake first, then expected/got), wrapped messages, math typeset offline, the student's figures
c.GenerateFeedback.preprocessors = [
    HideHiddenTests, ShortTracebacks, GetGrades, FeedbackNotes, CSSHTMLHeaderPreprocessor,
]
c.FeedbackNotes.submitted_dir = os.path.join(c.CourseDirectory.root, "submitted")
c.HTMLExporter.template_name = "feedback_course"
c.HTMLExporter.extra_template_basedirs = [os.path.join(here, "coursekit", "templates")]
c.ClearSolutions.code_stub = {"python": CODE_STUB}      # the same stub as the site (coursekit/markers.py)
