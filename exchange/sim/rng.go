package sim

import (
	"math"
	"math/bits"
	"math/rand/v2"
)

// Draw kinds: each random draw is seeded by (world seed, kind, entity key),
// so adding a draw of one kind never shifts the draws of another, and the
// order in which entities are processed never changes what they draw.
const (
	drawTrust     = "trust"
	drawTrustCode = "trust-code"
	drawVPD       = "vpd"
	drawSite      = "site"
	drawAdoption  = "adoption"
	drawHuman     = "human"
	drawCareer    = "career"
	drawRecord    = "record"
	drawPlacement = "placement"
	drawPost      = "post"
	drawIdent     = "ident"
	drawFault     = "fault"
	drawChange    = "change"
)

// rng is a PCG generator held by value: cheap to make per entity.
type rng struct{ p rand.PCG }

// newRNG seeds a generator from the FNV-1a hash of (seed, kind, keys).
func newRNG(seed uint64, kind string, keys ...uint64) rng {
	const offset, prime = 14695981039346656037, 1099511628211
	h := uint64(offset)
	mix := func(v uint64) {
		for i := 0; i < 8; i++ {
			h ^= v & 0xff
			h *= prime
			v >>= 8
		}
	}
	mix(seed)
	for i := 0; i < len(kind); i++ {
		h ^= uint64(kind[i])
		h *= prime
	}
	for _, k := range keys {
		mix(k)
	}
	var r rng
	r.p.Seed(h, splitmix(h))
	return r
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

func (r *rng) u64() uint64 { return r.p.Uint64() }

// float returns a value in [0, 1).
func (r *rng) float() float64 { return float64(r.p.Uint64()>>11) / (1 << 53) }

// chance reports true with probability p.
func (r *rng) chance(p float64) bool { return r.float() < p }

// intn returns a value in [0, n); n > 0.
func (r *rng) intn(n int) int {
	hi, _ := bits.Mul64(r.p.Uint64(), uint64(n))
	return int(hi)
}

// between returns a value in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// pick returns an index drawn with the given weights (not all zero).
func (r *rng) pick(weights []float64) int {
	var sum float64
	for _, w := range weights {
		sum += w
	}
	x := r.float() * sum
	for i, w := range weights {
		if x < w {
			return i
		}
		x -= w
	}
	for i := len(weights) - 1; i >= 0; i-- {
		if weights[i] > 0 {
			return i
		}
	}
	return 0
}

// normal returns a standard normal draw.
func (r *rng) normal() float64 {
	u := r.float()
	for u == 0 {
		u = r.float()
	}
	return math.Sqrt(-2*math.Log(u)) * math.Cos(2*math.Pi*r.float())
}

// shuffle permutes n items through swap.
func (r *rng) shuffle(n int, swap func(i, j int)) {
	for i := n - 1; i > 0; i-- {
		swap(i, r.intn(i+1))
	}
}

// largestRemainder splits total into len(weights) whole parts proportional
// to weights, giving leftovers to the largest remainders (ties to the
// earlier index).
func largestRemainder(total int, weights []float64) []int {
	var sum float64
	for _, w := range weights {
		sum += w
	}
	out := make([]int, len(weights))
	rem := make([]float64, len(weights))
	given := 0
	for i, w := range weights {
		x := float64(total) * w / sum
		out[i] = int(math.Floor(x))
		rem[i] = x - float64(out[i])
		given += out[i]
	}
	for ; given < total; given++ {
		best := 0
		for i := range rem {
			if rem[i] > rem[best] {
				best = i
			}
		}
		out[best]++
		rem[best] = -1
	}
	return out
}

// roundHalfUp rounds x to the nearest integer, halves up.
func roundHalfUp(x float64) int { return int(math.Floor(x + 0.5 + 1e-9)) }
