// EDC, portable part: slicing-by-8 tables generated at compile time from the generator polynomial
// (ECMA-130 §14.3), and the public entry points that dispatch to the fastest kernel.
#include "engine/sector/edc.h"

#include <array>
#include <cstring>

namespace dm::sector {
namespace {

using EdcTables = std::array<std::array<uint32_t, 256>, 8>;

// tables[0][b] is the register after shifting byte b through an empty register, LSB-first;
// tables[k][b] is that value advanced by k more zero bytes. Slicing-by-8 then consumes 8 bytes
// with 8 independent lookups.
constexpr EdcTables makeTables() {
  EdcTables t{};
  for (uint32_t b = 0; b < 256; ++b) {
    uint32_t c = b;
    for (int bit = 0; bit < 8; ++bit) c = (c & 1) ? (c >> 1) ^ kEdcPolynomialReflected : c >> 1;
    t[0][b] = c;
  }
  for (size_t k = 1; k < 8; ++k)
    for (uint32_t b = 0; b < 256; ++b) t[k][b] = (t[k - 1][b] >> 8) ^ t[0][t[k - 1][b] & 0xFF];
  return t;
}

constexpr EdcTables kTables = makeTables();

}  // namespace

namespace detail {

uint32_t edcTableUpdate(uint32_t crc, const uint8_t* data, size_t bytes) {
  while (bytes >= 8) {
    uint32_t lo;
    uint32_t hi;
    std::memcpy(&lo, data, 4);
    std::memcpy(&hi, data + 4, 4);
    lo ^= crc;  // the register lines up with the first 4 bytes (little-endian host)
    crc = kTables[7][lo & 0xFF] ^ kTables[6][(lo >> 8) & 0xFF] ^ kTables[5][(lo >> 16) & 0xFF] ^
          kTables[4][lo >> 24] ^ kTables[3][hi & 0xFF] ^ kTables[2][(hi >> 8) & 0xFF] ^
          kTables[1][(hi >> 16) & 0xFF] ^ kTables[0][hi >> 24];
    data += 8;
    bytes -= 8;
  }
  while (bytes--) crc = (crc >> 8) ^ kTables[0][(crc ^ *data++) & 0xFF];
  return crc;
}

uint32_t edcPortable(const uint8_t* data, size_t bytes) { return edcTableUpdate(0, data, bytes); }

}  // namespace detail

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the slicing tables assume a little-endian host");

uint32_t edc(std::span<const uint8_t> data, Impl impl) {
  return detail::kernelsFor(impl).edc(data.data(), data.size());
}

uint32_t edcUpdate(uint32_t edc_so_far, std::span<const uint8_t> data) {
  return detail::edcTableUpdate(edc_so_far, data.data(), data.size());
}

}  // namespace dm::sector
