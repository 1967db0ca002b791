package checkin

import "sort"

// has reports whether the ascending days include d.
func has(days []Day, d Day) bool {
	i := sort.Search(len(days), func(i int) bool { return days[i] >= d })
	return i < len(days) && days[i] == d
}

// runAround is the length of the run of consecutive days that includes d,
// 0 when d is not among the ascending days.
func runAround(days []Day, d Day) int {
	i := sort.Search(len(days), func(i int) bool { return days[i] >= d })
	if i == len(days) || days[i] != d {
		return 0
	}
	lo, hi := i, i
	for lo > 0 && days[lo-1] == days[lo]-1 {
		lo--
	}
	for hi+1 < len(days) && days[hi+1] == days[hi]+1 {
		hi++
	}
	return hi - lo + 1
}

// Streak is the member's current run of consecutive days as of today: the
// run that ends today, or yesterday while today is still open.
func Streak(days []Day, today Day) int {
	if n := runAround(days, today); n > 0 {
		return n
	}
	return runAround(days, today-1)
}
