"""`make bench`: run every benchmark and print its figures against its same-run baseline.

BENCH_RECORDING_SECONDS shortens the long-recording benchmark (default 600 s, the target's 10 minutes).
"""

from bench import audio, history, session, startup, today

if __name__ == "__main__":
    startup.run()
    audio.run()
    session.run()
    history.run()
    today.run()
