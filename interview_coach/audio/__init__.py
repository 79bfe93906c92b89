"""Real audio hardware behind small interfaces: speech synthesis, recording, playback, devices.

Qt-free on purpose: the command line uses it too, and controllers bridge its callbacks to signals.
"""
