// The P/Q parity kernel, written once with GCC vector extensions and instantiated per target
// (ecc.cc: once for the baseline ISA, once under target("avx2")). Internal to engine/sector.
//
// ECMA-130 Annex A asks, for a codeword V = (d_0 … d_{n-1}, p0, p1), that H·V = 0 with
//   H = [ 1        1       …  1  1 ]
//       [ α^(n+1)  α^n     …  α  1 ].
// With S0 = Σ d_i and A = Σ d_i α^(n-i) (Horner: A ← α·(A ⊕ d_i)), that gives
//   p0 = (S0 ⊕ α·A) / (1 ⊕ α),  p1 = S0 ⊕ p0.
// Every codeword of P runs down a byte column, so one vector holds many codewords and Horner's
// rule needs only multiplication by α (shift and conditional XOR of 0x1D). Q codewords run along
// diagonals: position m of diagonal d is the 16-bit word (row (d + m) mod 26, column m), so the
// kernel first copies the 26 × 43 words into 43 rotated column vectors and then runs the same
// Horner loop over them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace dm::sector::detail {
namespace {  // internal linkage: each translation unit keeps the copy compiled for its target

typedef uint8_t ByteVec16 __attribute__((vector_size(16)));
typedef uint8_t ByteVec32 __attribute__((vector_size(32)));

inline constexpr size_t kRegionOffset = 12;   // P/Q cover bytes 12..2247
inline constexpr size_t kRowBytes = 86;       // 43 words
inline constexpr size_t kPRows = 24;          // RS(26,24) data positions
inline constexpr size_t kQRows = 26;          // rows including the P parity
inline constexpr size_t kQColumns = 43;       // RS(45,43) data positions
inline constexpr size_t kQBytes = 52;         // 26 diagonals × 2 bytes
inline constexpr size_t kPOut = 2076;
inline constexpr size_t kQOut = 2248;

// GF(2^8) with x^8 + x^4 + x^3 + x^2 + 1 (ECMA-130 Annex A), α = x = 0x02.
constexpr uint8_t gfMul(uint8_t a, uint8_t b) {
  uint8_t r = 0;
  for (int i = 0; i < 8; ++i) {
    if (b & 1) r ^= a;
    b >>= 1;
    a = static_cast<uint8_t>((a << 1) ^ ((a & 0x80) ? 0x1D : 0));
  }
  return r;
}

constexpr uint8_t gfInverse(uint8_t a) {
  for (int x = 1; x < 256; ++x)
    if (gfMul(a, static_cast<uint8_t>(x)) == 1) return static_cast<uint8_t>(x);
  return 0;
}

inline constexpr uint8_t kInvOnePlusAlpha = gfInverse(3);
static_assert(gfMul(kInvOnePlusAlpha, 3) == 1);

// v ← α·v in every byte.
template <class V>
[[gnu::always_inline]] inline void mulAlpha(V& v) {
  using Mask = decltype(v < v);
  const Mask top = reinterpret_cast<const Mask&>(v) < 0;  // signed view: bit 7 set
  v = (v + v) ^ (reinterpret_cast<const V&>(top) & 0x1D);
}

// v ← c·v in every byte, for a constant c (shift-and-add over the bits of c).
template <uint8_t kC, class V>
[[gnu::always_inline]] inline void mulConst(V& v) {
  V sum = {};
  V power = v;
#pragma GCC unroll 8
  for (int bit = 0; bit < 8; ++bit) {
    if ((kC >> bit) & 1) sum ^= power;
    mulAlpha(power);
  }
  v = sum;
}

typedef uint16_t WordVec8 __attribute__((vector_size(16)));

// Rotated column buffer for Q: column m is stored twice, words 0..25 and 26..51 (rows 0..25), so
// the 26 words starting at word (m mod 26) are position m of diagonals 0..25 in order.
inline constexpr size_t kColumnStride = 128;  // bytes; room for a 64-byte load from word 25
inline constexpr size_t kColumnSlots = 48;    // 43 columns rounded up to the 8-column blocks

// Transposes the 26 × 43 word matrix at `region` into `columns` with 8 × 8 word transposes
// (three rounds of interleaves), reading whole 16-byte row pieces instead of single words.
[[gnu::always_inline]] inline void gatherQColumns(const uint8_t* region, uint8_t* columns) {
  // Row block 24 goes first: its junk rows 26..31 land on words 26..31, which block 0's second
  // copy then overwrites.
  for (size_t rb : {size_t{24}, size_t{0}, size_t{8}, size_t{16}}) {
    for (size_t cb = 0; cb < kColumnSlots; cb += 8) {
      WordVec8 r[8];
#pragma GCC unroll 8
      for (size_t i = 0; i < 8; ++i) {
        const size_t row = rb + i < kQRows ? rb + i : kQRows - 1;  // rows past 25: any in-bounds row
        std::memcpy(&r[i], region + row * kRowBytes + 2 * cb, 16);
      }
      WordVec8 a[8];
      WordVec8 b[8];
#pragma GCC unroll 4
      for (size_t i = 0; i < 4; ++i) {
        a[2 * i] = __builtin_shuffle(r[2 * i], r[2 * i + 1], WordVec8{0, 8, 1, 9, 2, 10, 3, 11});
        a[2 * i + 1] = __builtin_shuffle(r[2 * i], r[2 * i + 1], WordVec8{4, 12, 5, 13, 6, 14, 7, 15});
      }
#pragma GCC unroll 2
      for (size_t h = 0; h < 2; ++h) {  // rows 0..3 (h = 0) and 4..7 (h = 1)
        b[4 * h + 0] = __builtin_shuffle(a[4 * h + 0], a[4 * h + 2], WordVec8{0, 1, 8, 9, 2, 3, 10, 11});
        b[4 * h + 1] = __builtin_shuffle(a[4 * h + 0], a[4 * h + 2], WordVec8{4, 5, 12, 13, 6, 7, 14, 15});
        b[4 * h + 2] = __builtin_shuffle(a[4 * h + 1], a[4 * h + 3], WordVec8{0, 1, 8, 9, 2, 3, 10, 11});
        b[4 * h + 3] = __builtin_shuffle(a[4 * h + 1], a[4 * h + 3], WordVec8{4, 5, 12, 13, 6, 7, 14, 15});
      }
      const size_t slot = 2 * rb;
      const size_t slot2 = 2 * (rb + kQRows);
#pragma GCC unroll 4
      for (size_t j = 0; j < 4; ++j) {  // b[j] holds columns 2j, 2j+1 of rows 0..3; b[j+4] of rows 4..7
        const WordVec8 even = __builtin_shuffle(b[j], b[j + 4], WordVec8{0, 1, 2, 3, 8, 9, 10, 11});
        const WordVec8 odd = __builtin_shuffle(b[j], b[j + 4], WordVec8{4, 5, 6, 7, 12, 13, 14, 15});
        uint8_t* even_col = columns + (cb + 2 * j) * kColumnStride;
        uint8_t* odd_col = even_col + kColumnStride;
        std::memcpy(even_col + slot, &even, 16);
        std::memcpy(even_col + slot2, &even, 16);
        std::memcpy(odd_col + slot, &odd, 16);
        std::memcpy(odd_col + slot2, &odd, 16);
      }
    }
  }
}

// Horner's rule over the codeword positions, kVecs vectors of codewords side by side: positions
// run from `first` (`count` of them) and then from `more` (`more_count`), `stride` bytes apart.
// Writes out_bytes of p0 and of p1.
template <class V, size_t kVecs>
[[gnu::always_inline]] inline void encodeRs(const uint8_t* first, size_t count, const uint8_t* more,
                                            size_t more_count, size_t stride, uint8_t* p0_out, uint8_t* p1_out,
                                            size_t out_bytes) {
  constexpr size_t kW = sizeof(V);
  V a[kVecs] = {};
  V s0[kVecs] = {};
  for (size_t i = 0; i < count + more_count; ++i) {
    const uint8_t* at = i < count ? first + i * stride : more + (i - count) * stride;
#pragma GCC unroll 8
    for (size_t k = 0; k < kVecs; ++k) {
      V x;
      std::memcpy(&x, at + k * kW, kW);
      a[k] ^= x;
      mulAlpha(a[k]);
      s0[k] ^= x;
    }
  }
  alignas(64) uint8_t p0[kVecs * kW];
  alignas(64) uint8_t p1[kVecs * kW];
#pragma GCC unroll 8
  for (size_t k = 0; k < kVecs; ++k) {
    mulAlpha(a[k]);
    V t = a[k] ^ s0[k];
    mulConst<kInvOnePlusAlpha>(t);
    std::memcpy(p0 + k * kW, &t, kW);
    t ^= s0[k];
    std::memcpy(p1 + k * kW, &t, kW);
  }
  std::memcpy(p0_out, p0, out_bytes);
  std::memcpy(p1_out, p1, out_bytes);
}

// P then Q of a raw sector (reads bytes 12..2085 for P; writes 2076..2351).
template <class V>
[[gnu::always_inline]] inline void parityKernel(uint8_t* sector) {
  constexpr size_t kW = sizeof(V);
  const uint8_t* region = sector + kRegionOffset;
  // P: codeword position = row; 86 columns side by side. Rows are read 96 bytes wide; the 10
  // extra columns (inside the sector) are computed and dropped.
  encodeRs<V, (kRowBytes + kW - 1) / kW>(region, kPRows, nullptr, 0, kRowBytes, sector + kPOut,
                                         sector + kPOut + kRowBytes, kRowBytes);
  // Q: transpose into rotated columns, then codeword position = column; 52 diagonal bytes side by
  // side. Column m starts at word m mod 26 of its slot: the stride between positions is
  // kColumnStride + 2 bytes, wrapping back by 26 words after column 25.
  alignas(64) uint8_t columns[kColumnSlots * kColumnStride];
  gatherQColumns(region, columns);
  encodeRs<V, (kQBytes + kW - 1) / kW>(columns, kQRows, columns + kQRows * kColumnStride, kQColumns - kQRows,
                                       kColumnStride + 2, sector + kQOut, sector + kQOut + kQBytes, kQBytes);
}

}  // namespace
}  // namespace dm::sector::detail
