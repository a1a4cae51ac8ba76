package bench

import (
	"slices"
	"time"
)

// median of a non-empty sample; the mean of the middle two for an even count.
func median[T int | time.Duration](xs []T) T {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}

// medianCounts takes the median of every endpoint across runs (an endpoint
// missing from a run counts as zero there).
func medianCounts(runs []Counts) Counts {
	out := Counts{}
	for _, k := range sortedKeys(runs...) {
		xs := make([]int, len(runs))
		for i, r := range runs {
			xs[i] = r[k]
		}
		out[k] = median(xs)
	}
	return out
}

// spread is a sample of wall times reduced to what the tables show.
type spread struct {
	Median, Min, Max time.Duration
	N                int
}

func spreadOf(xs []time.Duration) spread {
	if len(xs) == 0 {
		return spread{}
	}
	return spread{Median: median(xs), Min: slices.Min(xs), Max: slices.Max(xs), N: len(xs)}
}
