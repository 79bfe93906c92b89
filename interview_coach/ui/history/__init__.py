"""The History screen: past sessions, their answers, replay and re-scoring."""
