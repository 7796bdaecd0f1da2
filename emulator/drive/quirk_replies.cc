// Reply rewrites of firmware quirks (see quirk_replies.h).
#include "emulator/drive/quirk_replies.h"

#include <utility>

namespace vrec {
namespace {

constexpr uint8_t kFormatFullToc = 2;
constexpr uint8_t kLeadOutTrack = 0xAA;
constexpr size_t kTocHeaderBytes = 4;
constexpr size_t kTocDescriptorBytes = 8;

uint8_t toBcd(uint8_t value) { return static_cast<uint8_t>((value / 10) << 4 | (value % 10)); }

}  // namespace

std::optional<CdbField> tocQuirkRefusal(const QuirkSet& quirks, bool msf, uint8_t format) {
  if (msf && quirks.has(Quirk::kReadTocMsfUnsupported)) return CdbField{1, 1};
  if (format == kFormatFullToc && quirks.has(Quirk::kReadTocFullUnsupported)) return CdbField{2, std::nullopt};
  return std::nullopt;
}

void bcdTrackNumbers(std::vector<uint8_t>& toc) {
  if (toc.size() < kTocHeaderBytes) return;
  toc[2] = toBcd(toc[2]);
  toc[3] = toBcd(toc[3]);
  for (size_t at = kTocHeaderBytes; at + kTocDescriptorBytes <= toc.size(); at += kTocDescriptorBytes) {
    if (toc[at + 2] != kLeadOutTrack) toc[at + 2] = toBcd(toc[at + 2]);
  }
}

void byteSwapSpeedFields(std::vector<uint8_t>& page) {
  // Page 2Ah offsets: max read 8, current read 14, max write 18, current write 20, current write
  // selected 28, and each write speed descriptor's speed at 32 + 4n + 2.
  std::vector<size_t> fields = {8, 14, 18, 20, 28};
  for (size_t at = 34; at + 2 <= page.size(); at += 4) fields.push_back(at);
  for (size_t at : fields) {
    if (at + 1 < page.size()) std::swap(page[at], page[at + 1]);
  }
}

}  // namespace vrec
