"""`make bench`: run every benchmark and print its figures against its same-run baseline."""

from bench import startup

if __name__ == "__main__":
    startup.run()
