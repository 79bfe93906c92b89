"""`make bench`: run every benchmark and print its figures against its same-run baseline.

BENCH_RECORDING_SECONDS shortens the long-recording benchmark (default 600 s, the target's 10 minutes);
BENCH_ANALYSIS_RECORDING_SECONDS the recording made while answers are analysed (default 600 s too).
"""

from bench import audio, delivery, history, history_floors, session, startup, today

if __name__ == "__main__":
    startup.run()
    audio.run()
    session.run()
    history.run()
    history_floors.run()
    today.run()
    delivery.run()
