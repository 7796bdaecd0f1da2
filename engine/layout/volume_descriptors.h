// The volume descriptor set (ECMA-119 §8): the Primary Volume Descriptor (§8.4), the Joliet
// Supplementary Volume Descriptor (§8.5 with the Joliet escape sequence for UCS-2 level 3) and
// the Volume Descriptor Set Terminator (§8.3). Each is one 2048-byte block.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <span>
#include <string>

namespace dm::layout {

// The fields that differ between the two descriptors, already in the descriptor's character
// set: a- and d-characters for the PVD, UCS-2 big-endian bytes for the Joliet SVD.
struct DescriptorFields {
  std::string system_id;       // §8.4.5, 32 bytes
  std::string volume_id;       // §8.4.6, 32 bytes
  std::string publisher_id;    // §8.4.20, 128 bytes
  std::string application_id;  // §8.4.22, 128 bytes
  uint32_t path_table_bytes = 0;
  uint32_t l_path_table_lba = 0;
  uint32_t m_path_table_lba = 0;
  std::array<uint8_t, 34> root_record{};
};

// What both descriptors share.
struct VolumeFacts {
  uint32_t volume_space_blocks = 0;          // §8.4.8: the whole image, in blocks
  std::chrono::sys_seconds creation_time{};  // §8.4.26/27: creation and modification
};

// REQUIRES: out.size() == 2048; the strings fit their fields.
void writePrimaryVolumeDescriptor(const VolumeFacts& facts, const DescriptorFields& fields,
                                  std::span<uint8_t> out);
void writeJolietVolumeDescriptor(const VolumeFacts& facts, const DescriptorFields& fields,
                                 std::span<uint8_t> out);
void writeVolumeDescriptorSetTerminator(std::span<uint8_t> out);

}  // namespace dm::layout
