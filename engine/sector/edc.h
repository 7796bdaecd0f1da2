// The EDC of CD-ROM sectors (ECMA-130 §14.3, Annex A): a 32-bit CRC with the generator
// P(x) = (x^16 + x^15 + x^2 + 1)(x^16 + x^2 + x + 1) = x^32 + x^31 + x^16 + x^15 + x^4 + x^3 + x + 1,
// computed LSB-first ("reflected") from a zero register with no final inversion, and stored
// least significant byte first. Catalogue name CRC-32/CD-ROM-EDC; check value 0x6EC2EDC4 for the
// ASCII string "123456789". Covered bytes: 0..2063 (Mode 1), 16..2071 (Form 1), 16..2347 (Form 2).
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "engine/sector/cpu_dispatch.h"

namespace dm::sector {

inline constexpr uint32_t kEdcPolynomial = 0x8001801B;           // x^32 term implied
inline constexpr uint32_t kEdcPolynomialReflected = 0xD8018001;  // bit-reversed, for LSB-first
inline constexpr uint32_t kEdcCheckValue = 0x6EC2EDC4;           // edc("123456789")

// The EDC of `data` with the kernels of `impl` (kAuto: the best this CPU runs). Every impl returns
// the same value. REQUIRES: implSupported(impl).
uint32_t edc(std::span<const uint8_t> data, Impl impl = Impl::kAuto);

// Continues an EDC over more bytes: edcUpdate(edc(a), b) == edc(a ++ b). Portable (table) code.
uint32_t edcUpdate(uint32_t edc_so_far, std::span<const uint8_t> data);

// Stores `value` least significant byte first, as the sector layout wants it (ECMA-130 §14.3).
inline void storeEdc(uint8_t* at, uint32_t value) {
  at[0] = static_cast<uint8_t>(value);
  at[1] = static_cast<uint8_t>(value >> 8);
  at[2] = static_cast<uint8_t>(value >> 16);
  at[3] = static_cast<uint8_t>(value >> 24);
}

namespace detail {

// Kernels (see cpu_dispatch.h). edcPortable: slicing-by-8 tables. edcPclmul: 4 × 128-bit
// carry-less folding with PCLMULQDQ, REQUIRES pclmul + sse4.1. edcVpclmul: 4 × 512-bit folding
// with VPCLMULQDQ, REQUIRES avx512f/bw/vl + vpclmulqdq. Both clmul kernels finish the last
// 16 bytes with the table code, so no Barrett constants are needed.
uint32_t edcPortable(const uint8_t* data, size_t bytes);
uint32_t edcPclmul(const uint8_t* data, size_t bytes);
uint32_t edcVpclmul(const uint8_t* data, size_t bytes);

// The table kernel continuing from `crc` (register value; init 0 for a fresh EDC).
uint32_t edcTableUpdate(uint32_t crc, const uint8_t* data, size_t bytes);

}  // namespace detail
}  // namespace dm::sector
