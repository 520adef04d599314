package extract

import "unsafe"

// textArena hands out strings carved from large byte blocks. A block is
// only ever appended to, so the bytes behind a string handed out never
// change, which is what makes the unsafe.String view sound (the same
// reasoning as strings.Builder). Reading a million rows then costs a few
// hundred allocations instead of several per row; the price is that a row
// kept alive keeps its block (64 KiB) alive.
type textArena struct {
	block []byte
}

const textBlock = 64 << 10

func (a *textArena) string(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	if len(b) > cap(a.block)-len(a.block) {
		a.block = make([]byte, 0, max(textBlock, len(b)))
	}
	start := len(a.block)
	a.block = append(a.block, b...)
	return unsafe.String(&a.block[start], len(b))
}

// valueSlab hands out value slices from a shared backing array, for the
// same reason; each slice is capped so appending to it cannot reach its
// neighbour.
type valueSlab struct {
	free []string
}

const slabRows = 256

func (s *valueSlab) take(n int) []string {
	if n > len(s.free) {
		s.free = make([]string, n*slabRows)
	}
	v := s.free[:n:n]
	s.free = s.free[n:]
	return v
}
