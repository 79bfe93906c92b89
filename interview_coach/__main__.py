import sys

from interview_coach.cli import main

sys.exit(main())
