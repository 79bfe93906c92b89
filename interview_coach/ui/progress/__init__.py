"""The Progress screen: charts of scores, length and practice days over time."""
