// Volume descriptor serialization (see volume_descriptors.h). Byte positions in comments are the
// 1-based BP numbers of ECMA-119 §8.4 (the SVD of §8.5 has the same layout).
#include "engine/layout/volume_descriptors.h"

#include <cstring>

#include "engine/layout/ecma119_fields.h"

namespace dm::layout {
namespace {

enum : uint8_t {
  kTypePrimary = 1,        // §8.4.1
  kTypeSupplementary = 2,  // §8.5.1
  kTypeTerminator = 255,   // §8.3.1
};

void writeHeader(uint8_t type, uint8_t* p) {
  p[0] = type;                     // BP 1 volume descriptor type
  std::memcpy(p + 1, "CD001", 5);  // BP 2–6 standard identifier (§8.1.2)
  p[6] = 1;                        // BP 7 volume descriptor version (§8.4.3)
}

// Everything after the type-specific bytes 8 and 89–120, written with `put` in the descriptor's
// character set.
template <typename Put>
void writeBody(const VolumeFacts& facts, const DescriptorFields& f, uint8_t* p, Put put) {
  put(p + 8, 32, f.system_id);                          // BP 9–40 system identifier
  put(p + 40, 32, f.volume_id);                         // BP 41–72 volume identifier
  put733(p + 80, facts.volume_space_blocks);            // BP 81–88 volume space size
  put723(p + 120, 1);                                   // BP 121–124 volume set size
  put723(p + 124, 1);                                   // BP 125–128 volume sequence number
  put723(p + 128, static_cast<uint16_t>(kBlockBytes));  // BP 129–132 logical block size
  put733(p + 132, f.path_table_bytes);                  // BP 133–140 path table size
  put731(p + 140, f.l_path_table_lba);                  // BP 141–144 type L path table
  put731(p + 144, 0);                                   // BP 145–148 no optional type L table
  put732(p + 148, f.m_path_table_lba);                  // BP 149–152 type M path table
  put732(p + 152, 0);                                   // BP 153–156 no optional type M table
  std::memcpy(p + 156, f.root_record.data(), 34);       // BP 157–190 root directory record
  put(p + 190, 128, "");                                // BP 191–318 volume set identifier
  put(p + 318, 128, f.publisher_id);                    // BP 319–446 publisher identifier
  put(p + 446, 128, "");                                // BP 447–574 data preparer identifier
  put(p + 574, 128, f.application_id);                  // BP 575–702 application identifier
  put(p + 702, 37, "");                                 // BP 703–739 copyright file identifier
  put(p + 739, 37, "");                                 // BP 740–776 abstract file identifier
  put(p + 776, 37, "");  // BP 777–813 bibliographic file identifier
  const VolumeDate created = volumeDate(facts.creation_time);
  const VolumeDate unspecified = unspecifiedVolumeDate();
  std::memcpy(p + 813, created.data(), 17);      // BP 814–830 volume creation date
  std::memcpy(p + 830, created.data(), 17);      // BP 831–847 volume modification date
  std::memcpy(p + 847, unspecified.data(), 17);  // BP 848–864 expiration: not specified
  std::memcpy(p + 864, unspecified.data(), 17);  // BP 865–881 effective: not specified
  p[881] = 1;                                    // BP 882 file structure version (§8.4.31)
  // BP 883 reserved, 884–1395 application use, 1396–2048 reserved: all zero.
}

}  // namespace

void writePrimaryVolumeDescriptor(const VolumeFacts& facts, const DescriptorFields& fields,
                                  std::span<uint8_t> out) {
  std::memset(out.data(), 0, kBlockBytes);
  writeHeader(kTypePrimary, out.data());
  writeBody(facts, fields, out.data(), putPadded);
}

void writeJolietVolumeDescriptor(const VolumeFacts& facts, const DescriptorFields& fields,
                                 std::span<uint8_t> out) {
  std::memset(out.data(), 0, kBlockBytes);
  writeHeader(kTypeSupplementary, out.data());
  out[7] = 0;  // BP 8 volume flags: bit 0 clear, only registered escape sequences (§8.5.3)
  // BP 89–120 escape sequences (§8.5.6): Joliet's "%/E" selects UCS-2 level 3.
  std::memcpy(out.data() + 88, "%/E", 3);
  writeBody(facts, fields, out.data(), putUcs2Padded);
}

void writeVolumeDescriptorSetTerminator(std::span<uint8_t> out) {
  std::memset(out.data(), 0, kBlockBytes);
  writeHeader(kTypeTerminator, out.data());  // §8.3: BP 8–2048 are zero
}

}  // namespace dm::layout
