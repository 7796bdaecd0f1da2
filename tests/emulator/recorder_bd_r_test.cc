// The recorder as a BD writer with BD-R (SRM): kinds and capacities (mmc.md §1.5), GET CONFIGURATION
// profiles and features (§3), blank disc and invisible track (§2.2, §2.3; blocking 32), sequential
// writes at the NWA only (05/21/02), tracks closed on 32-block clusters, CLOSE SESSION keeping the
// disc appendable and finalize 110b closing it (§2.5), no Test Write (§4.1), FORMAT UNIT 32h spare
// areas (subtype 00b with Pseudo-Overwrite), READ DISC STRUCTURE media type 1 (§2.7), and a drive
// without BD refusing the disc.
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "bd_test_support.h"
#include "emulator/media/bd_layout.h"
#include "emulator/media/medium_image.h"

namespace vrec_test {
namespace {

using vrec::MediumKind;

TEST(BdMediumKinds, NamesProfilesAndCapacities) {
  EXPECT_EQ(vrec::parseMediumKind("bd-r"), MediumKind::kBdR);
  EXPECT_EQ(vrec::parseMediumKind("bd-re"), MediumKind::kBdRe);
  EXPECT_FALSE(vrec::parseMediumKind("bd-rom").has_value());
  EXPECT_EQ(vrec::mediumKindInfo(MediumKind::kBdR).profile, 0x0041);
  EXPECT_EQ(vrec::mediumKindInfo(MediumKind::kBdRe).profile, 0x0043);
  EXPECT_EQ(vrec::Medium::blank(MediumKind::kBdR).capacitySectors(), kBdFull);
  EXPECT_EQ(vrec::Medium::blank(MediumKind::kBdRe).capacitySectors(), kBdFull);
  EXPECT_EQ(vrec::Medium::blank(MediumKind::kBdR).describe(), "BD-R 25 GB (blank)");
  EXPECT_EQ(vrec::kBdDefaultSpareCapacitySectors, kBdDefaultSpares);
  // The BD spiral ends at the outer radius as the capacity runs out (mmc.md §8.1).
  EXPECT_NEAR(static_cast<double>(vrec::bdRadiusUm(static_cast<int32_t>(kBdFull))), 58'000.0, 100.0);
  EXPECT_EQ(vrec::bdRadiusUm(0), 24'000u);
}

TEST(BdConfiguration, ABdWriterListsBdProfilesAndFeatures) {
  vrec::Recorder r = makeBdRecorder(MediumKind::kBdR);
  const Reply all = configuration(r);
  ASSERT_TRUE(all.good()) << all.sense();
  EXPECT_EQ(be16(all.data, 6), 0x0041);
  // 0043h, 0041h (current), 0040h above the DVD and CD profiles.
  ASSERT_EQ(be16(all.data, 8), 0x0000);
  EXPECT_EQ(all.data[11], 40);  // ten profiles
  EXPECT_EQ(Bytes(all.data.begin() + 12, all.data.begin() + 24),
            (Bytes{0x00, 0x43, 0x00, 0x00, 0x00, 0x41, 0x01, 0x00, 0x00, 0x40, 0x00, 0x00}));
  EXPECT_EQ(featureCurrent(all.data, 0x0040), true);   // BD Read
  EXPECT_EQ(featureCurrent(all.data, 0x0041), true);   // BD Write
  EXPECT_EQ(featureCurrent(all.data, 0x0023), true);   // Formattable (32h)
  EXPECT_EQ(featureCurrent(all.data, 0x0038), false);  // POW listed, not offered
  EXPECT_EQ(featureCurrent(all.data, 0x001F), false);  // DVD Read: not a DVD
  EXPECT_EQ(featureCurrent(all.data, 0x002B), false);
  EXPECT_EQ(featureCurrent(all.data, 0x002D), false);  // CD TAO
  // 0010h Random Readable with a blank BD: blocking 32 once readable.
  writeBd(r, 0, 32);
  const Reply rr = dataIn(r, {0x46, 0x02, 0x00, 0x10, 0, 0, 0, 0x00, 0x20, 0x00}, 32);
  ASSERT_EQ(be16(rr.data, 8), 0x0010);
  EXPECT_EQ(rr.data[8 + 2] & 0x01, 0x01);
  EXPECT_EQ(be16(rr.data, 8 + 8), 32);
}

TEST(BdConfiguration, ADvdWriterHasNoBdProfileAndRefusesTheDisc) {
  vrec::Recorder r = makeDvdRecorder(MediumKind::kBdR);
  const Reply all = configuration(r);
  EXPECT_EQ(be16(all.data, 6), 0x0000);  // the disc is not recognised
  EXPECT_EQ(all.data[11], 28);          // DVD and CD profiles only
  EXPECT_FALSE(featureCurrent(all.data, 0x0040).has_value());
  EXPECT_TRUE(testUnitReady(r).good());  // there is a disc in the tray
  EXPECT_EQ(discInfo(r).sense(), "05/30/02");
  EXPECT_EQ(readCapacity(r).sense(), "05/30/02");
  EXPECT_EQ(dataIn(r, read10Cdb(0, 1), 2048).sense(), "05/30/02");
  EXPECT_EQ(dataOut(r, write10Cdb(0, 32), payload(0, 32)).sense(), "05/30/00");
  EXPECT_EQ(closeFunction(r, 0x02).sense(), "05/30/00");
  EXPECT_EQ(bdStructure(r, 0x00).sense(), "05/30/02");
  // A CD recorder has no READ DISC STRUCTURE at all.
  vrec::Recorder cd = makeRecorder(MediumKind::kBdRe);
  EXPECT_EQ(bdStructure(cd, 0x00).sense(), "05/20/00");
  EXPECT_EQ(dataOut(cd, write10Cdb(0, 32), payload(0, 32)).sense(), "05/30/00");
}

TEST(BdR, BlankDiscAndInvisibleTrack) {
  vrec::Recorder r = makeBdRecorder(MediumKind::kBdR);
  const Reply di = discInfo(r);
  ASSERT_TRUE(di.good()) << di.sense();
  EXPECT_EQ(di.data[2], 0x00);  // write-once, empty session, blank
  EXPECT_EQ(be32(di.data, 20), kBdFull);
  const Reply ti = dvdTrackInfo(r, 0xFF);
  ASSERT_TRUE(ti.good()) << ti.sense();
  EXPECT_EQ(be32(ti.data, 12), 0u);      // NWA
  EXPECT_EQ(be32(ti.data, 16), kBdFull);  // free blocks
  EXPECT_EQ(be32(ti.data, 20), 32u);      // blocking: one cluster
}

TEST(BdR, WritesOnlyAtTheNextWritableAddress) {
  vrec::Recorder r = makeBdRecorder(MediumKind::kBdR);
  EXPECT_EQ(dataOut(r, write10Cdb(32, 32), payload(32, 32)).sense(), "05/21/02");
  writeBd(r, 0, 64);
  EXPECT_EQ(dataOut(r, write10Cdb(0, 32), payload(0, 32)).sense(), "05/21/02");  // no overwrite on BD-R
  EXPECT_EQ(dataOut(r, write10Cdb(96, 32), payload(96, 32)).sense(), "05/21/02");
  ASSERT_TRUE(dataOut(r, write10Cdb(64, 32), payload(64, 32)).good());
  const Reply ti = dvdTrackInfo(r, 1);
  EXPECT_EQ(be32(ti.data, 12), 96u);  // NWA follows the data
}

TEST(BdR, TracksCloseOnClustersSessionsStayAppendableFinalizeCloses) {
  vrec::Recorder r = makeBdRecorder(MediumKind::kBdR);
  writeBd(r, 0, 40);  // one cluster and a bit
  ASSERT_TRUE(syncCache(r).good());
  ASSERT_TRUE(closeFunction(r, 0x01, 1).good());
  EXPECT_EQ(be32(dvdTrackInfo(r, 1).data, 24), 64u);  // padded to two clusters
  ASSERT_TRUE(closeFunction(r, 0x02).good());
  Reply di = discInfo(r);
  EXPECT_EQ(di.data[2] & 0x03, 0x01);  // appendable
  EXPECT_EQ(di.data[4], 2);             // the empty session counts
  EXPECT_EQ(r.medium().describe(), "BD-R 25 GB (1 session, appendable)");
  // The next session starts on the next cluster, no closure gap (modelled).
  const Reply next = dvdTrackInfo(r, 0xFF);
  EXPECT_EQ(be32(next.data, 12), 64u);
  EXPECT_EQ(be32(next.data, 16), kBdFull - 64);
  writeBd(r, 64, 32);
  EXPECT_EQ(closeFunction(r, 0x05).sense(), "05/24/00");  // DVD+R's minimal-radius finalize
  ASSERT_TRUE(closeFunction(r, 0x01, 2).good());
  ASSERT_TRUE(closeFunction(r, 0x06).good());  // finalize (mmc.md §2.5: 110b)
  di = discInfo(r);
  EXPECT_EQ(di.data[2] & 0x03, 0x02);
  EXPECT_EQ(dataOut(r, write10Cdb(96, 32), payload(96, 32)).sense(), "05/27/00");
  EXPECT_NE(r.traceText().find("FINALIZE"), std::string::npos);
  const Reply back = dataIn(r, read10Cdb(64, 32), 32 * 2048);
  EXPECT_EQ(back.data, payload(64, 32));
}

TEST(BdR, ReserveTrackRoundsToClusters) {
  vrec::Recorder r = makeBdRecorder(MediumKind::kBdR);
  ASSERT_TRUE(reserveTrack(r, 40).good());
  Reply ti = dvdTrackInfo(r, 1);
  EXPECT_EQ(ti.data[6] & 0x80, 0x80);     // reserved track
  EXPECT_EQ(be32(ti.data, 24), 64u);      // 40 blocks → two clusters
  EXPECT_EQ(reserveTrack(r, 32).sense(), "05/2C/00");  // one open track at a time
  writeBd(r, 0, 40);
  ASSERT_TRUE(closeFunction(r, 0x01, 1).good());
  ti = dvdTrackInfo(r, 1);
  EXPECT_EQ(be32(ti.data, 24), 64u);
  EXPECT_EQ(be32(dvdTrackInfo(r, 0xFF).data, 12), 64u);  // the next track starts after the reservation
}

TEST(BdR, TestWriteIsRefused) {
  vrec::Recorder r = makeBdRecorder(MediumKind::kBdR);
  // mmc.md §4.1: page 05 Test Write is refused on a BD (no simulation)...
  EXPECT_EQ(selectDvdMinusRPage05(r, 0, true, true).sense(), "05/26/00");
  // ...and a Test Write set while a CD was loaded refuses the BD WRITE rather than record.
  vrec::Recorder swapped = makeBdRecorder(MediumKind::kCdR80);
  ASSERT_TRUE(selectWriteParameters(swapped, kBufe | kTestWrite | kTao, kDataTrackCloseDisc, kMode1).good());
  ASSERT_TRUE(noData(swapped, {0x1B, 0, 0, 0, 0x02, 0}).good());  // eject
  ASSERT_TRUE(swapped.insertMedium(vrec::Medium::blank(MediumKind::kBdR)));
  ASSERT_TRUE(noData(swapped, {0x1B, 0, 0, 0, 0x03, 0}).good());  // load
  testUnitReady(swapped);  // the unit attention of the change
  EXPECT_EQ(dataOut(swapped, write10Cdb(0, 32), payload(0, 32)).sense(), "05/64/00");
  EXPECT_TRUE(swapped.medium().isBlank());
}

TEST(BdR, FormatWithSparesKeepsItSequential) {
  vrec::Recorder r = makeBdRecorder(MediumKind::kBdR);
  const Reply fc = formatCapacities(r);
  ASSERT_TRUE(fc.good()) << fc.sense();
  ASSERT_EQ(fc.data[3], 32);  // current + three 32h descriptors
  EXPECT_EQ(be32(fc.data, 4), kBdFull);
  EXPECT_EQ(fc.data[8] & 0x03, 0x01);  // unformatted
  EXPECT_EQ(fc.data[16] >> 2, 0x32);
  EXPECT_EQ(be32(fc.data, 12), kBdDefaultSpares);
  EXPECT_EQ(be32(fc.data, 28), kBdMinimalSpares);
  EXPECT_EQ(formatBd(r, 0x30, kBdDefaultSpares).sense(), "05/26/00");    // a BD-RE format
  EXPECT_EQ(formatBd(r, 0x32, kBdDefaultSpares, 2).sense(), "05/26/00");  // RRM is not offered
  EXPECT_EQ(formatBd(r, 0x32, kBdFull).sense(), "05/26/00");             // fewer than 4,096 spare clusters
  ASSERT_TRUE(formatBd(r, 0x32, kBdMinimalSpares, 0, true).good());
  EXPECT_EQ(testUnitReady(r).sense(), "02/04/07");
  r.advance(6 * vrec::kTicksPerSecond);
  ASSERT_TRUE(testUnitReady(r).good());
  EXPECT_EQ(formatCapacities(r).data[8] & 0x03, 0x02);  // formatted
  EXPECT_EQ(be32(discInfo(r).data, 20), kBdMinimalSpares);
  EXPECT_EQ(be32(dvdTrackInfo(r, 0xFF).data, 16), kBdMinimalSpares);
  EXPECT_EQ(dataOut(r, write10Cdb(32, 32), payload(32, 32)).sense(), "05/21/02");  // still sequential
  writeBd(r, 0, 32);
  EXPECT_EQ(formatBd(r, 0x32, kBdDefaultSpares).sense(), "05/2C/00");  // no format once written
  // READ DISC STRUCTURE 0Ah: the spare clusters set aside.
  const Reply spare = bdStructure(r, 0x0A, 16);
  ASSERT_TRUE(spare.good()) << spare.sense();
  EXPECT_EQ(be32(spare.data, 8), 4'096u);
}

TEST(BdR, PseudoOverwriteAfterAnSrmPowFormat) {
  vrec::Recorder r = makeBdRecorder(MediumKind::kBdR);
  EXPECT_EQ(featureCurrent(configuration(r).data, 0x0038), false);
  ASSERT_TRUE(formatBd(r, 0x32, kBdMinimalSpares, 0).good());  // subtype 00b: SRM+POW, as growisofs
  EXPECT_EQ(featureCurrent(configuration(r).data, 0x0038), true);
  writeBd(r, 0, 64);
  ASSERT_TRUE(syncCache(r).good());
  ASSERT_TRUE(closeFunction(r, 0x01, 1).good());
  // Recorded blocks below the NWA take new data (growisofs rewrites the volume descriptors at 16);
  // the track structure stays; a write past the NWA is refused.
  writeBd(r, 16, 16);
  EXPECT_EQ(dataOut(r, write10Cdb(48, 32), payload(48, 32)).sense(), "05/21/02");
  ASSERT_TRUE(syncCache(r).good());
  EXPECT_EQ(dataIn(r, read10Cdb(16, 16), 16 * 2048).data, payload(16, 16));
  EXPECT_EQ(r.medium().tracks().size(), 1u);
  EXPECT_EQ(be32(dvdTrackInfo(r, 0xFF).data, 12), 64u);
  // The session is still open: the TOC is fabricated from the closed track (READ TOC format 0/1).
  const Reply toc = dataIn(r, {0x43, 0x00, 0x00, 0, 0, 0, 0x01, 0x00, 0x20, 0x00}, 32);
  ASSERT_TRUE(toc.good()) << toc.sense();
  EXPECT_EQ(toc.data[3], 1);            // last track 1
  EXPECT_EQ(toc.data[12 + 2], 0xAA);    // lead-out …
  EXPECT_EQ(be32(toc.data, 12 + 4), 64u);  // … after the closed track
  // Without POW (subtype 01b) the disc stays strictly sequential.
  vrec::Recorder plain = makeBdRecorder(MediumKind::kBdR);
  ASSERT_TRUE(formatBd(plain, 0x32, kBdDefaultSpares, 1).good());
  EXPECT_EQ(featureCurrent(configuration(plain).data, 0x0038), false);
  writeBd(plain, 0, 64);
  EXPECT_EQ(dataOut(plain, write10Cdb(16, 16), payload(16, 16)).sense(), "05/21/02");
  EXPECT_EQ(dataIn(plain, {0x43, 0x00, 0x00, 0, 0, 0, 0x01, 0x00, 0x20, 0x00}, 32).sense(), "05/24/00");  // no closed track
}

TEST(BdR, APreRecordedDiscFromAnImage) {
  const std::filesystem::path iso =
      std::filesystem::temp_directory_path() / ("vrec-bd-image-" + std::to_string(getpid()) + ".iso");
  const Bytes blocks = payload(0, 48);
  std::ofstream(iso, std::ios::binary).write(reinterpret_cast<const char*>(blocks.data()),
                                              static_cast<std::streamsize>(blocks.size()));
  vrec::MediumImageLoad load = vrec::MediumImage::load(iso, MediumKind::kBdR);
  std::filesystem::remove(iso);
  ASSERT_TRUE(load.ok()) << load.error;
  vrec::Recorder r(bdWriterProfile(), std::move(*load.medium));
  EXPECT_EQ(r.medium().describe(), "BD-R 25 GB (1 session, closed)");
  const Reply ti = dvdTrackInfo(r, 1);
  EXPECT_EQ(be32(ti.data, 8), 0u);    // starts at LBA 0: no CD pregap on a BD
  EXPECT_EQ(be32(ti.data, 24), 48u);
  EXPECT_EQ(dataIn(r, read10Cdb(0, 48), 48 * 2048).data, blocks);
}

TEST(BdDiscStructure, DiscInformationAndList) {
  vrec::Recorder r = makeBdRecorder(MediumKind::kBdR);
  const Reply di = bdStructure(r, 0x00);
  ASSERT_TRUE(di.good()) << di.sense();
  EXPECT_EQ(be16(di.data, 0), 4098);
  EXPECT_EQ(std::string(di.data.begin() + 4, di.data.begin() + 6), "DI");
  EXPECT_EQ(std::string(di.data.begin() + 4 + 8, di.data.begin() + 4 + 11), "BDR");
  EXPECT_EQ(std::string(di.data.begin() + 4 + 100, di.data.begin() + 4 + 109), "DISCMSR01");
  const Reply list = bdStructure(r, 0xFF, 64);
  ASSERT_TRUE(list.good());
  EXPECT_EQ(be16(list.data, 0), 10);  // entries 00h and FFh
  EXPECT_EQ(list.data[4], 0x00);
  EXPECT_EQ(list.data[8], 0xFF);
  EXPECT_EQ(bdStructure(r, 0x0A, 16).sense(), "05/24/00");  // no spares on an unformatted disc
  // A DVD structure request finds no DVD; a BD structure request with a DVD loaded finds no BD.
  EXPECT_EQ(discStructure(r, 0x00).sense(), "05/30/02");
  vrec::Recorder dvd = makeBdRecorder(MediumKind::kDvdPlusR);
  EXPECT_EQ(bdStructure(dvd, 0x00).sense(), "05/30/02");
  EXPECT_TRUE(discStructure(dvd, 0x00).good());
  vrec::Recorder re = makeBdRecorder(MediumKind::kBdRe);
  const Reply rdi = bdStructure(re, 0x00);
  EXPECT_EQ(std::string(rdi.data.begin() + 4 + 8, rdi.data.begin() + 4 + 11), "BDW");
}

}  // namespace
}  // namespace vrec_test
