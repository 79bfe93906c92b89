import sys

from interview_coach.cli import main

# The guard matters: the speech worker is a spawned process, which imports this module again.
if __name__ == "__main__":
    sys.exit(main())
