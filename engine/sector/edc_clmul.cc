// EDC by carry-less multiplication: the message is folded 128 (PCLMULQDQ) or 512 (VPCLMULQDQ)
// bits at a time, keeping a remainder congruent to the message modulo the EDC generator
// (ECMA-130 §14.3), and the last 16-byte remainder plus the unaligned tail go through the table
// code. Folding constants are x^k mod P(x), computed at compile time. Only these functions carry
// target attributes; dispatch (cpu_dispatch.cc) calls them only on CPUs that have the features.
//
// Bit order: a 16-byte little-endian load holds the LSB-first message with bit j ↔ x^(127-j)
// within the block, so the low qword L is the high half: block = L·x^64 + H. PCLMULQDQ of two such
// reflected 64-bit values yields their product times x, hence the constants for a shift by n bits:
// L·x^(n+64) uses K = x^(n+63) mod P and H·x^n uses K = x^(n-1) mod P (each stored reflected).
#include "engine/sector/edc.h"

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace dm::sector::detail {
namespace {

// x^n mod P(x), P(x) = x^32 + kEdcPolynomial, in normal bit order (bit i ↔ x^i).
constexpr uint32_t xPowModP(unsigned n) {
  uint64_t r = 1;
  for (unsigned i = 0; i < n; ++i) {
    r <<= 1;
    if (r & (uint64_t{1} << 32)) r ^= (uint64_t{1} << 32) | kEdcPolynomial;
  }
  return static_cast<uint32_t>(r);
}

// A polynomial of degree < 32 as a reflected 64-bit operand (bit 63 - i ↔ x^i).
constexpr uint64_t reflect64(uint32_t v) {
  uint64_t out = 0;
  for (unsigned i = 0; i < 32; ++i)
    if ((v >> i) & 1) out |= uint64_t{1} << (63 - i);
  return out;
}

// The (low-qword, high-qword) constants that advance a 128-bit block by `bits`.
constexpr uint64_t foldLo(unsigned bits) { return reflect64(xPowModP(bits + 63)); }
constexpr uint64_t foldHi(unsigned bits) { return reflect64(xPowModP(bits - 1)); }

}  // namespace

#if defined(__x86_64__)
namespace {

// Sanity of the derivation: advancing by 32 bits must be multiplication by x^32 ≡ P - x^32.
static_assert(xPowModP(32) == kEdcPolynomial);

template <unsigned kBits>
__attribute__((target("pclmul,sse4.1"))) inline __m128i foldConst() {
  constexpr uint64_t kLo = foldLo(kBits);  // forced to compile time
  constexpr uint64_t kHi = foldHi(kBits);
  return _mm_set_epi64x(static_cast<long long>(kHi), static_cast<long long>(kLo));
}

// x · x^bits mod P, as a ≤ 96-bit value congruent to it (not fully reduced).
__attribute__((target("pclmul,sse4.1"))) inline __m128i fold(__m128i x, __m128i k) {
  return _mm_xor_si128(_mm_clmulepi64_si128(x, k, 0x00), _mm_clmulepi64_si128(x, k, 0x11));
}

__attribute__((target("pclmul,sse4.1"))) inline __m128i load128(const uint8_t* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}

// Folds 16-byte blocks into `x` until fewer than 16 bytes remain, then finishes with the table.
__attribute__((target("pclmul,sse4.1"))) uint32_t finish(__m128i x, const uint8_t* p, size_t left) {
  const __m128i k128 = foldConst<128>();
  while (left >= 16) {
    x = _mm_xor_si128(fold(x, k128), load128(p));
    p += 16;
    left -= 16;
  }
  alignas(16) uint8_t rest[16];
  _mm_store_si128(reinterpret_cast<__m128i*>(rest), x);
  return edcTableUpdate(edcTableUpdate(0, rest, 16), p, left);
}

}  // namespace

__attribute__((target("pclmul,sse4.1"))) uint32_t edcPclmul(const uint8_t* data, size_t bytes) {
  if (bytes < 64) return edcPortable(data, bytes);
  __m128i x0 = load128(data);
  __m128i x1 = load128(data + 16);
  __m128i x2 = load128(data + 32);
  __m128i x3 = load128(data + 48);
  const uint8_t* p = data + 64;
  size_t left = bytes - 64;
  const __m128i k512 = foldConst<512>();
  while (left >= 64) {  // four independent chains hide the multiplier latency
    x0 = _mm_xor_si128(fold(x0, k512), load128(p));
    x1 = _mm_xor_si128(fold(x1, k512), load128(p + 16));
    x2 = _mm_xor_si128(fold(x2, k512), load128(p + 32));
    x3 = _mm_xor_si128(fold(x3, k512), load128(p + 48));
    p += 64;
    left -= 64;
  }
  __m128i x = _mm_xor_si128(fold(x0, foldConst<384>()), fold(x1, foldConst<256>()));
  x = _mm_xor_si128(x, _mm_xor_si128(fold(x2, foldConst<128>()), x3));
  return finish(x, p, left);
}

namespace {

__attribute__((target("avx512f,avx512bw,avx512vl,vpclmulqdq,pclmul,sse4.1"))) inline __m512i fold512(__m512i z,
                                                                                                  __m512i k) {
  return _mm512_xor_si512(_mm512_clmulepi64_epi128(z, k, 0x00), _mm512_clmulepi64_epi128(z, k, 0x11));
}

// The constants of ±kBits in all four 128-bit lanes. (Built with set_epi64 rather than
// broadcast/insert intrinsics, whose GCC 12 headers trip -Wmaybe-uninitialized.)
template <unsigned kBits>
__attribute__((target("avx512f,avx512bw,avx512vl,vpclmulqdq,pclmul,sse4.1"))) inline __m512i broadcastConst() {
  constexpr auto kLo = static_cast<long long>(foldLo(kBits));
  constexpr auto kHi = static_cast<long long>(foldHi(kBits));
  return _mm512_set_epi64(kHi, kLo, kHi, kLo, kHi, kLo, kHi, kLo);
}

}  // namespace

__attribute__((target("avx512f,avx512bw,avx512vl,vpclmulqdq,pclmul,sse4.1"))) uint32_t edcVpclmul(
    const uint8_t* data, size_t bytes) {
  if (bytes < 256) return edcPclmul(data, bytes);
  __m512i z0 = _mm512_loadu_si512(data);
  __m512i z1 = _mm512_loadu_si512(data + 64);
  __m512i z2 = _mm512_loadu_si512(data + 128);
  __m512i z3 = _mm512_loadu_si512(data + 192);
  const uint8_t* p = data + 256;
  size_t left = bytes - 256;
  const __m512i k2048 = broadcastConst<2048>();
  while (left >= 256) {
    z0 = _mm512_xor_si512(fold512(z0, k2048), _mm512_loadu_si512(p));
    z1 = _mm512_xor_si512(fold512(z1, k2048), _mm512_loadu_si512(p + 64));
    z2 = _mm512_xor_si512(fold512(z2, k2048), _mm512_loadu_si512(p + 128));
    z3 = _mm512_xor_si512(fold512(z3, k2048), _mm512_loadu_si512(p + 192));
    p += 256;
    left -= 256;
  }
  // Four 512-bit chains → one: each lane of z0 moves 1536 bits forward, of z1 1024, of z2 512.
  __m512i z = _mm512_xor_si512(fold512(z0, broadcastConst<1536>()), fold512(z1, broadcastConst<1024>()));
  z = _mm512_xor_si512(z, _mm512_xor_si512(fold512(z2, broadcastConst<512>()), z3));
  // Four 128-bit lanes → one: lane i moves (3 - i) × 128 bits forward; lane 3 stays.
  constexpr auto kHi128 = static_cast<long long>(foldHi(128));
  constexpr auto kLo128 = static_cast<long long>(foldLo(128));
  constexpr auto kHi256 = static_cast<long long>(foldHi(256));
  constexpr auto kLo256 = static_cast<long long>(foldLo(256));
  constexpr auto kHi384 = static_cast<long long>(foldHi(384));
  constexpr auto kLo384 = static_cast<long long>(foldLo(384));
  const __m512i lane_consts = _mm512_set_epi64(0, 0, kHi128, kLo128, kHi256, kLo256, kHi384, kLo384);
  // Lane 3 is multiplied by zero constants, so put z's own lane 3 in its place.
  const __m512i moved = _mm512_mask_blend_epi64(0xC0, fold512(z, lane_consts), z);
  alignas(64) uint8_t lanes[64];
  _mm512_store_si512(lanes, moved);
  __m128i x = _mm_xor_si128(_mm_load_si128(reinterpret_cast<const __m128i*>(lanes)),
                            _mm_load_si128(reinterpret_cast<const __m128i*>(lanes + 16)));
  x = _mm_xor_si128(x, _mm_load_si128(reinterpret_cast<const __m128i*>(lanes + 32)));
  x = _mm_xor_si128(x, _mm_load_si128(reinterpret_cast<const __m128i*>(lanes + 48)));
  return finish(x, p, left);
}

#else  // not x86-64: dispatch never selects these, but keep the symbols

uint32_t edcPclmul(const uint8_t* data, size_t bytes) { return edcPortable(data, bytes); }
uint32_t edcVpclmul(const uint8_t* data, size_t bytes) { return edcPortable(data, bytes); }

#endif

}  // namespace dm::sector::detail
