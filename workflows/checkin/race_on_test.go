//go:build race

package checkin_test

// raceEnabled shortens the slow tests under the race detector.
const raceEnabled = true
