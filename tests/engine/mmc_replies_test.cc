// Reply parsers against replies written out by hand from MMC-5 layouts (mmc.md §2.2, §2.3, §4).
#include <gtest/gtest.h>

#include <vector>

#include "engine/mmc/replies.h"

namespace dm::mmc {
namespace {

TEST(MmcReplies, InquiryTrimsIdentity) {
  std::vector<uint8_t> r(36, 0);
  r[0] = 0x05;
  r[1] = 0x80;
  const std::string id = std::string("PLEXTOR ") + "DVDR   PX-716A  " + "1.11";  // 8 + 16 + 4 bytes
  std::copy(id.begin(), id.end(), r.begin() + 8);
  auto d = parseInquiry(r);
  ASSERT_TRUE(d.ok()) << d.error().toString();
  EXPECT_EQ(d->peripheral_type, 0x05);
  EXPECT_TRUE(d->removable);
  EXPECT_EQ(d->vendor, "PLEXTOR");
  EXPECT_EQ(d->product, "DVDR   PX-716A");
  EXPECT_EQ(d->revision, "1.11");
}

TEST(MmcReplies, ShortReplyIsAnErrorNamingTheCommand) {
  auto d = parseInquiry(std::vector<uint8_t>(20, 0));
  ASSERT_FALSE(d.ok());
  EXPECT_NE(d.error().message().find("INQUIRY"), std::string::npos);
}

TEST(MmcReplies, DiscInformationOfAnAppendableCdRw) {
  std::vector<uint8_t> r(34, 0);
  r[1] = 0x20;
  r[2] = 0x10 | (0x3 << 2) | 0x01;  // erasable, last session complete, disc appendable
  r[3] = 1;
  r[4] = 2;  // sessions
  r[5] = 2;
  r[6] = 2;
  r[21] = 79; r[22] = 59; r[23] = 74;  // last possible lead-out 79:59:74
  auto d = parseDiscInformation(r);
  ASSERT_TRUE(d.ok());
  EXPECT_TRUE(d->erasable);
  EXPECT_EQ(d->status, DiscStatus::kAppendable);
  EXPECT_EQ(d->last_session, SessionState::kComplete);
  EXPECT_EQ(d->sessions, 2);
  EXPECT_EQ(d->last_possible_leadout_lba, 359849);
}

TEST(MmcReplies, TrackInformationOfTheInvisibleTrack) {
  std::vector<uint8_t> r(36, 0);
  r[1] = 0x22;
  r[2] = 2;
  r[3] = 1;
  r[6] = 0x40 | 0x0F;  // blank, data mode unknown
  r[7] = 0x01;         // NWA valid
  auto put = [&](size_t at, uint32_t v) { for (int i = 0; i < 4; ++i) r[at + i] = static_cast<uint8_t>(v >> (24 - 8 * i)); };
  put(8, 11552);
  put(12, 11552);
  put(16, 348297);
  auto t = parseTrackInformation(r);
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->track, 2);
  EXPECT_TRUE(t->blank);
  EXPECT_TRUE(t->nwa_valid);
  EXPECT_EQ(t->next_writable_lba, 11552);
  EXPECT_EQ(t->free_blocks, 348297u);
}

TEST(MmcReplies, WriteParametersPageReadModifySelect) {
  std::vector<uint8_t> reply(8 + 2 + 0x32, 0);
  reply[1] = static_cast<uint8_t>(reply.size() - 2);
  reply[8] = 0x80 | 0x05;  // PS set as the drive reports it
  reply[9] = 0x32;
  reply[8 + 14] = 0x00;
  reply[8 + 15] = 0x96;
  auto page = parseWriteParametersPage(reply);
  ASSERT_TRUE(page.ok()) << page.error().toString();
  page->setWriteType(WriteType::kTrackAtOnce);
  page->setTestWrite(true);
  page->setBufe(true);
  page->setMultisession(3);
  page->setTrackMode(4);
  page->setDataBlockType(8);
  const std::vector<uint8_t> list = composeModeSelect(*page);
  ASSERT_EQ(list.size(), 8u + 2 + 0x32);
  EXPECT_EQ(list[0], 0);
  EXPECT_EQ(list[1], 0);                  // mode data length 0 on select
  EXPECT_EQ(list[8], 0x05);               // PS cleared
  EXPECT_EQ(list[10], 0x40 | 0x10 | 0x01);  // BUFE, test write, TAO
  EXPECT_EQ(list[11], 0xC0 | 0x04);       // multisession 11b, track mode 4
  EXPECT_EQ(list[12], 0x08);              // Mode 1
  EXPECT_EQ(list[8 + 15], 0x96);          // audio pause untouched
}

TEST(MmcReplies, WriteParametersPageForDvdRIncremental) {
  std::vector<uint8_t> reply(8 + 2 + 0x36, 0);
  reply[1] = static_cast<uint8_t>(reply.size() - 2);
  reply[8] = 0x05;
  reply[9] = 0x36;
  reply[8 + 15] = 0x96;
  auto page = parseWriteParametersPage(reply);
  ASSERT_TRUE(page.ok()) << page.error().toString();
  page->setWriteType(WriteType::kPacket);
  page->setBufe(true);
  page->setLinkSize(16);
  page->setFixedPacket(true);
  page->setPacketSize(16);
  page->setMultisession(3);
  page->setTrackMode(5);
  page->setDataBlockType(8);
  const std::vector<uint8_t> list = composeModeSelect(*page);
  EXPECT_EQ(list[8 + 2], 0x40 | 0x20 | 0x00);   // BUFE, LS_V, packet/incremental
  EXPECT_EQ(list[8 + 3], 0xC0 | 0x20 | 0x05);   // multisession 11b, FP, track mode 5
  EXPECT_EQ(list[8 + 4], 0x08);
  EXPECT_EQ(list[8 + 5], 16);                   // link size
  EXPECT_EQ((std::vector<uint8_t>(list.begin() + 8 + 10, list.begin() + 8 + 14)), (std::vector<uint8_t>{0, 0, 0, 16}));
  EXPECT_EQ(list[8 + 15], 0x96);
  EXPECT_EQ(page->packetSize(), 16u);
  EXPECT_TRUE(page->fixedPacket());
  EXPECT_EQ(page->linkSize(), 16);
}

TEST(MmcReplies, DvdAndBdProfileNames) {
  EXPECT_EQ(profileName(0x0011), "DVD-R");
  EXPECT_EQ(profileName(0x0013), "DVD-RW (restricted overwrite)");
  EXPECT_EQ(profileName(0x0014), "DVD-RW");
  EXPECT_EQ(profileName(0x0015), "DVD-R DL");
  EXPECT_EQ(profileName(0x001A), "DVD+RW");
  EXPECT_EQ(profileName(0x001B), "DVD+R");
  EXPECT_EQ(profileName(0x002B), "DVD+R DL");
  EXPECT_EQ(profileName(0x0040), "BD-ROM");
  EXPECT_EQ(profileName(0x0041), "BD-R");
  EXPECT_EQ(profileName(0x0043), "BD-RE");
  EXPECT_EQ(profileName(0x0050), "profile 0x0050");
  EXPECT_EQ(mmc::dvdKbpsForX(8), 11080u);
  EXPECT_NEAR(mmc::dvdSpeedX(5540), 4.0, 1e-9);
}

TEST(MmcReplies, CapabilitiesPageSkipsBlockDescriptors) {
  std::vector<uint8_t> reply(8 + 8 + 2 + 0x22, 0);
  reply[1] = static_cast<uint8_t>(reply.size() - 2);  // mode data length
  reply[7] = 8;  // one block descriptor, as QEMU sends
  const size_t p = 16;
  reply[p] = 0x2A;
  reply[p + 1] = 0x22;  // one write speed descriptor at bytes 32-35
  reply[p + 3] = 0x07;  // CD-R, CD-RW, test write
  reply[p + 4] = 0x80;  // BUF
  reply[p + 12] = 0x08; reply[p + 13] = 0x00;  // 2048 KiB
  reply[p + 18] = 0x21; reply[p + 19] = 0x13;  // 8467 kB/s = 48x
  reply[p + 28] = 0x0B; reply[p + 29] = 0x06;  // 2822 kB/s = 16x
  reply[p + 31] = 1;
  reply[p + 34] = 0x21; reply[p + 35] = 0x13;
  auto caps = parseCapabilitiesPage(reply);
  ASSERT_TRUE(caps.ok()) << caps.error().toString();
  EXPECT_TRUE(caps->test_write);
  EXPECT_TRUE(caps->buffer_underrun_protection);
  EXPECT_EQ(caps->buffer_bytes, 2048u * 1024);
  EXPECT_NEAR(cdSpeedX(caps->max_write_kbps), 48.0, 0.01);
  EXPECT_NEAR(cdSpeedX(caps->current_write_kbps), 16.0, 0.01);
  EXPECT_EQ(caps->write_speeds_kbps, (std::vector<uint16_t>{8467}));
}

TEST(MmcReplies, MissingPageIsAnError) {
  std::vector<uint8_t> reply(8, 0);
  reply[1] = 6;
  auto caps = parseCapabilitiesPage(reply);
  ASSERT_FALSE(caps.ok());
  EXPECT_NE(caps.error().message().find("2Ah"), std::string::npos);
}

// READ FORMAT CAPACITIES of a blank BD-RE: the current descriptor (unformatted, full capacity),
// then the formats offered; the list length bounds the descriptors read, not the buffer.
TEST(MmcReplies, FormatCapacitiesOfABlankBdRe) {
  std::vector<uint8_t> r{0, 0, 0, 24,                                  // list length: 3 descriptors
                         0x00, 0xBA, 0x74, 0x00, 0x01, 0x00, 0x08, 0x00,  // 12,219,392 unformatted
                         0x00, 0xB4, 0x74, 0x00, 0x30 << 2, 0x00, 0x30, 0x00,  // 30h, 3000h spare clusters
                         0x00, 0xBA, 0x74, 0x00, 0x31 << 2, 0x00, 0x00, 0x00,  // 31h, no spares
                         0x00, 0xB4, 0x74, 0x00, 0x00, 0x00, 0x00, 0x00};     // beyond the list length
  auto f = parseFormatCapacities(r);
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f->current_blocks, 12'219'392u);
  EXPECT_EQ(f->state, CapacityState::kUnformatted);
  ASSERT_EQ(f->formats.size(), 2u);
  EXPECT_EQ(f->formats[0].type, 0x30);
  EXPECT_EQ(f->formats[0].blocks, 11'826'176u);
  EXPECT_EQ(f->formats[0].parameter, 0x3000u);
  EXPECT_EQ(f->formats[1].type, 0x31);
  EXPECT_FALSE(parseFormatCapacities(std::vector<uint8_t>(8, 0)).ok());
}

TEST(MmcReplies, BufferCapacityFill) {
  std::vector<uint8_t> r{0, 10, 0, 0, 0x00, 0x20, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00};
  auto b = parseBufferCapacity(r);
  ASSERT_TRUE(b.ok());
  EXPECT_EQ(b->length_bytes, 2u << 20);
  EXPECT_EQ(b->free_bytes, 512u * 1024);
  EXPECT_EQ(b->fillPercent(), 75);
}

// Format 0 in MSF form: 00:02:00 is LBA 0; track 2 at 00:06:00 is LBA 300; lead-out AAh last.
TEST(MmcReplies, TocInMsfForm) {
  std::vector<uint8_t> r{0, 26, 1, 2,
                         0, 0x14, 1, 0, 0, 0, 2, 0,
                         0, 0x10, 2, 0, 0, 0, 6, 0,
                         0, 0x10, 0xAA, 0, 0, 0, 10, 0};
  auto toc = parseToc(r, true);
  ASSERT_TRUE(toc.ok());
  EXPECT_EQ(toc->first_track, 1);
  EXPECT_EQ(toc->last_track, 2);
  ASSERT_EQ(toc->entries.size(), 3u);
  EXPECT_EQ(toc->entries[0].start_lba, 0);
  EXPECT_EQ(toc->entries[0].control, 4);
  EXPECT_EQ(toc->entries[1].start_lba, 300);
  EXPECT_EQ(toc->entries[2].track, kLeadOutTrack);
  EXPECT_EQ(toc->entries[2].start_lba, 600);
}

// Full TOC: A0/A1/A2 and the first track's point of each session, ADR 5 entries skipped.
TEST(MmcReplies, FullTocSessions) {
  auto entry = [](uint8_t session, uint8_t adr, uint8_t point, uint8_t pm, uint8_t ps, uint8_t pf) {
    return std::vector<uint8_t>{session, static_cast<uint8_t>(adr << 4 | 4), 0, point, 0, 0, 0, 0, pm, ps, pf};
  };
  std::vector<uint8_t> r{0, 0, 1, 2};
  for (const auto& e : {entry(1, 1, 0xA0, 1, 0, 0), entry(1, 1, 0xA1, 1, 0, 0), entry(1, 1, 0xA2, 1, 0, 0),
                        entry(1, 1, 1, 0, 2, 0), entry(1, 5, 0xB0, 3, 32, 0), entry(2, 1, 0xA0, 2, 0, 0),
                        entry(2, 1, 0xA1, 2, 0, 0), entry(2, 1, 0xA2, 5, 0, 0), entry(2, 1, 2, 3, 34, 0)}) {
    r.insert(r.end(), e.begin(), e.end());
  }
  r[1] = static_cast<uint8_t>(r.size() - 2);
  auto sessions = parseFullToc(r);
  ASSERT_TRUE(sessions.ok());
  ASSERT_EQ(sessions->size(), 2u);
  EXPECT_EQ((*sessions)[0].first_track, 1);
  EXPECT_EQ((*sessions)[0].first_track_lba, 0);
  EXPECT_EQ((*sessions)[0].lead_out_lba, 60 * 75 - 150);
  EXPECT_EQ((*sessions)[1].first_track, 2);
  EXPECT_EQ((*sessions)[1].last_track, 2);
  EXPECT_EQ((*sessions)[1].first_track_lba, (3 * 60 + 34) * 75 - 150);
}

TEST(MmcReplies, GetPerformanceWriteSpeedsAndAnEmptyList) {
  std::vector<uint8_t> r(8 + 32, 0);
  r[3] = 36;
  r[8 + 12 + 2] = 0x21; r[8 + 12 + 3] = 0x13;   // 8467 kB/s
  r[24 + 12 + 2] = 0x0B; r[24 + 12 + 3] = 0x06;  // 2822 kB/s
  auto speeds = parseWriteSpeedDescriptors(r);
  ASSERT_TRUE(speeds.ok());
  EXPECT_EQ(*speeds, (std::vector<uint16_t>{8467, 2822}));
  std::vector<uint8_t> empty(8, 0);
  EXPECT_TRUE(parseWriteSpeedDescriptors(empty)->empty());
}

}  // namespace
}  // namespace dm::mmc
