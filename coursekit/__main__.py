"""``python -m coursekit {course,release,grade,notebooks,earlier,bench,readme,student-setup}`` — what the Makefile calls."""
import sys

from . import pipeline


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 0
    cmd, rest = argv[0], argv[1:]
    if cmd == "course":
        return pipeline.course()
    if cmd == "release":
        pipeline.release(pipeline.lessons())
        return 0
    if cmd == "grade":
        return pipeline.grade()
    if cmd == "notebooks":
        pipeline.build_notebooks(rest or None)
        return 0
    if cmd == "earlier":
        from . import earlier
        for path in earlier.write_all():
            print(f"wrote {path}")
        return 0
    if cmd == "readme":
        from .course import README, write_readme
        print(f"{README.name} {'was up to date' if write_readme() else 'rewritten from course.json'}")
        return 0
    if cmd == "student-setup":
        from . import student_setup
        return student_setup.main(rest)
    if cmd == "bench":
        from . import bench
        return bench.main(rest)
    print(f"unknown command {cmd!r}\n{__doc__}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
