// The SG_IO bridge library's device (see shim_core.h): block-device reads as READ(10) of 2048-byte
// sectors, and the ioctls the kernel's sg and cdrom layers serve — SG_IO and the CD-ROM ioctls
// libcdio uses — answered through the server the way those layers would.
#include <dlfcn.h>
#include <fcntl.h>
#include <linux/cdrom.h>
#include <scsi/scsi.h>
#include <scsi/scsi_ioctl.h>
#include <scsi/sg.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <pthread.h>

#include <new>

#include "tools/sgio_bridge/protocol.h"


#include "tools/sgio_bridge/shim_core.h"

namespace dm::sgio::shim {

// ---------------------------------------------------------------------------------------------
// Block-device reads: 2048-byte sectors by READ(10); past the last sector is end of file.

int64_t capacityBytes() {
  const uint8_t cdb[10] = {0x25, 0, 0, 0, 0, 0, 0, 0, 0, 0};  // READ CAPACITY(10)
  uint8_t data[8] = {};
  const Outcome o = runCommand(cdb, sizeof(cdb), WireDirection::kFromDevice, data, sizeof(data));
  if (!o.ok || o.resp.status != 0) return 0;
  const uint32_t last = (uint32_t{data[0]} << 24) | (uint32_t{data[1]} << 16) | (uint32_t{data[2]} << 8) | data[3];
  return (int64_t{last} + 1) * kBlockBytes;
}

ssize_t readAt(void* buf, size_t count, int64_t offset) {
  if (offset < 0) {
    errno = EINVAL;
    return -1;
  }
  auto* out = static_cast<uint8_t*>(buf);
  size_t done = 0;
  constexpr uint32_t kChunkBlocks = 32;
  static thread_local uint8_t chunk[kChunkBlocks * kBlockBytes];
  while (done < count) {
    const int64_t pos = offset + static_cast<int64_t>(done);
    const auto lba = static_cast<uint32_t>(pos / kBlockBytes);
    const auto skip = static_cast<size_t>(pos % kBlockBytes);
    const size_t want = count - done;
    const auto blocks =
        static_cast<uint16_t>(std::min<size_t>(kChunkBlocks, (skip + want + kBlockBytes - 1) / kBlockBytes));
    const uint8_t cdb[10] = {0x28, 0, static_cast<uint8_t>(lba >> 24), static_cast<uint8_t>(lba >> 16),
                             static_cast<uint8_t>(lba >> 8), static_cast<uint8_t>(lba), 0,
                             static_cast<uint8_t>(blocks >> 8), static_cast<uint8_t>(blocks), 0};
    const Outcome o = runCommand(cdb, sizeof(cdb), WireDirection::kFromDevice, chunk, blocks * kBlockBytes);
    if (!o.ok || o.resp.status != 0 || o.resp.data_bytes <= skip) {
      // LOGICAL BLOCK ADDRESS OUT OF RANGE (05/21) is the end of the device, as read(2) returns 0.
      if (done > 0 || (o.ok && senseKey(o.resp) == 0x05 && senseAsc(o.resp) == 0x21)) return static_cast<ssize_t>(done);
      errno = EIO;
      return -1;
    }
    const size_t n = std::min(want, o.resp.data_bytes - skip);
    std::memcpy(out + done, chunk + skip, n);
    done += n;
  }
  return static_cast<ssize_t>(done);
}

// ---------------------------------------------------------------------------------------------
// ioctl

int failWith(int error) {
  errno = error;
  return -1;
}

WireDirection sgDirection(int d, unsigned len) {
  if (len == 0) return WireDirection::kNone;  // cdrdao sends direction 0 with no data (sgio-bridge.md)
  switch (d) {
    case SG_DXFER_TO_DEV: return WireDirection::kToDevice;
    case SG_DXFER_FROM_DEV:
    case SG_DXFER_TO_FROM_DEV: return WireDirection::kFromDevice;
    default: return WireDirection::kNone;
  }
}

// SG_IO as the sg/bsg layers fill it: a CHECK CONDITION is a successful ioctl with status 02,
// masked_status 01, driver_status DRIVER_SENSE (08) and the sense truncated to mx_sb_len.
int sgIo(sg_io_hdr_t* h) {
  if (h == nullptr) return failWith(EFAULT);
  if (h->interface_id != 'S') return failWith(ENOSYS);
  if (h->iovec_count != 0 || h->cmdp == nullptr || h->cmd_len == 0 || h->cmd_len > 16) return failWith(EINVAL);
  if (h->dxfer_len > dm::sgio::kMaxDataBytes) return failWith(ENOMEM);
  const WireDirection dir = sgDirection(h->dxfer_direction, h->dxfer_len);
  const Outcome o = runCommand(h->cmdp, h->cmd_len, dir, h->dxferp, h->dxfer_len);
  if (!o.ok) return failWith(EIO);
  const ResponseHeader& r = o.resp;
  h->status = r.status;
  h->masked_status = static_cast<unsigned char>((r.status >> 1) & 0x7F);
  h->msg_status = 0;
  h->host_status = 0;
  const bool check = r.status == 0x02;
  h->driver_status = check ? 0x08 : 0;  // DRIVER_SENSE
  h->sb_len_wr = 0;
  if (check && h->sbp != nullptr && h->mx_sb_len > 0) {
    h->sb_len_wr = std::min<unsigned char>(h->mx_sb_len, r.sense_length);
    std::memcpy(h->sbp, r.sense, h->sb_len_wr);
  }
  const uint32_t moved = dir == WireDirection::kFromDevice ? r.data_bytes : (dir == WireDirection::kToDevice ? h->dxfer_len : 0);
  h->resid = static_cast<int>(h->dxfer_len - std::min(moved, h->dxfer_len));
  h->duration = static_cast<unsigned>(r.duration_ns / 1'000'000);
  h->info = (r.status != 0) ? SG_INFO_CHECK : SG_INFO_OK;
  return 0;
}

// CDROM_SEND_PACKET (cdrom.c mmc_ioctl_cdrom_generic_packet): -1 EIO when the command fails, with
// cgc.stat and the sense (struct request_sense) filled.
int sendPacket(cdrom_generic_command* cgc) {
  if (cgc == nullptr) return failWith(EFAULT);
  WireDirection dir = WireDirection::kNone;
  if (cgc->buflen > 0 && cgc->buffer != nullptr) {
    dir = cgc->data_direction == CGC_DATA_WRITE ? WireDirection::kToDevice : WireDirection::kFromDevice;
  }
  const Outcome o = runCommand(cgc->cmd, CDROM_PACKET_SIZE, dir, cgc->buffer, cgc->buflen);
  if (!o.ok) return failWith(EIO);
  cgc->stat = o.resp.status;
  if (o.resp.status == 0) return 0;
  if (cgc->sense != nullptr) {
    std::memset(cgc->sense, 0, sizeof(request_sense));
    std::memcpy(cgc->sense, o.resp.sense, std::min<size_t>(sizeof(request_sense), o.resp.sense_length));
  }
  return failWith(EIO);
}

// READ TOC/PMA/ATIP (43h) format 0, for the high-level TOC ioctls the cdrom layer synthesizes.
bool readToc(uint8_t track, bool msf, uint8_t* data, uint16_t bytes, uint32_t* got) {
  const uint8_t cdb[10] = {0x43, static_cast<uint8_t>(msf ? 0x02 : 0), 0, 0, 0, 0, track,
                           static_cast<uint8_t>(bytes >> 8), static_cast<uint8_t>(bytes), 0};
  const Outcome o = runCommand(cdb, sizeof(cdb), WireDirection::kFromDevice, data, bytes);
  *got = o.ok ? o.resp.data_bytes : 0;
  return o.ok && o.resp.status == 0 && *got >= 4;
}

int readTocHeader(cdrom_tochdr* hdr) {
  uint8_t data[12] = {};
  uint32_t got = 0;
  if (!readToc(0, false, data, sizeof(data), &got)) return failWith(EIO);
  hdr->cdth_trk0 = data[2];
  hdr->cdth_trk1 = data[3];
  return 0;
}

int readTocEntry(cdrom_tocentry* e) {
  const bool msf = e->cdte_format == CDROM_MSF;
  if (!msf && e->cdte_format != CDROM_LBA) return failWith(EINVAL);
  static thread_local uint8_t data[4 + 8 * 101];
  uint32_t got = 0;
  if (!readToc(e->cdte_track, msf, data, sizeof(data), &got)) return failWith(EIO);
  for (uint32_t off = 4; off + 8 <= got; off += 8) {
    const uint8_t* d = data + off;
    if (d[2] != e->cdte_track) continue;
    e->cdte_adr = d[1] >> 4;
    e->cdte_ctrl = d[1] & 0x0F;
    if (msf) {
      e->cdte_addr.msf.minute = d[5];
      e->cdte_addr.msf.second = d[6];
      e->cdte_addr.msf.frame = d[7];
    } else {
      e->cdte_addr.lba = static_cast<int>((uint32_t{d[4]} << 24) | (uint32_t{d[5]} << 16) | (uint32_t{d[6]} << 8) | d[7]);
    }
    e->cdte_datamode = (d[1] & 0x04) != 0 ? 1 : 0;
    return 0;
  }
  return failWith(EINVAL);
}

// CDROMMULTISESSION (sr_get_last_session): the start of the last session's first track from READ
// TOC format 1; a disc without sessions reports LBA 0, as the kernel does.
int readMultisession(cdrom_multisession* ms) {
  uint8_t data[12] = {};
  const uint8_t cdb[10] = {0x43, 0, 0x01, 0, 0, 0, 0, 0, sizeof(data), 0};
  const Outcome o = runCommand(cdb, sizeof(cdb), WireDirection::kFromDevice, data, sizeof(data));
  int lba = 0;
  if (o.ok && o.resp.status == 0 && o.resp.data_bytes >= 12) {
    lba = static_cast<int>((uint32_t{data[8]} << 24) | (uint32_t{data[9]} << 16) | (uint32_t{data[10]} << 8) | data[11]);
  }
  ms->xa_flag = 0;
  if (ms->addr_format == CDROM_MSF) {
    const int frames = lba + 150;  // MSF counts the 2 s lead-in pregap
    ms->addr.msf.minute = static_cast<uint8_t>(frames / (60 * 75));
    ms->addr.msf.second = static_cast<uint8_t>((frames / 75) % 60);
    ms->addr.msf.frame = static_cast<uint8_t>(frames % 75);
  } else {
    ms->addr_format = CDROM_LBA;
    ms->addr.lba = lba;
  }
  return 0;
}

// CDROM_GET_MCN (sr_get_mcn): READ SUB-CHANNEL format 02h, the 13 digits from byte 9.
int readMcn(cdrom_mcn* mcn) {
  uint8_t data[24] = {};
  const uint8_t cdb[10] = {0x42, 0, 0x40, 0x02, 0, 0, 0, 0, sizeof(data), 0};
  const Outcome o = runCommand(cdb, sizeof(cdb), WireDirection::kFromDevice, data, sizeof(data));
  if (!o.ok || o.resp.status != 0 || o.resp.data_bytes < 22) return failWith(EIO);
  std::memcpy(mcn->medium_catalog_number, data + 9, 13);
  mcn->medium_catalog_number[13] = 0;
  return 0;
}

// CDROMSUBCHNL (cdrom.c mmc_ioctl_cdrom_subchannel): READ SUB-CHANNEL format 01h in MSF; an LBA
// request is converted from it, as the kernel does.
int readSubChannel(cdrom_subchnl* sc) {
  uint8_t data[16] = {};
  const uint8_t cdb[10] = {0x42, 0x02, 0x40, 0x01, 0, 0, 0, 0, sizeof(data), 0};
  const Outcome o = runCommand(cdb, sizeof(cdb), WireDirection::kFromDevice, data, sizeof(data));
  if (!o.ok || o.resp.status != 0 || o.resp.data_bytes < 16) return failWith(EIO);
  sc->cdsc_audiostatus = data[1];
  sc->cdsc_adr = data[5] >> 4;
  sc->cdsc_ctrl = data[5] & 0x0F;
  sc->cdsc_trk = data[6];
  sc->cdsc_ind = data[7];
  const auto put = [sc](cdrom_addr& addr, const uint8_t* m, bool relative) {
    if (sc->cdsc_format == CDROM_MSF) {
      addr.msf.minute = m[1];
      addr.msf.second = m[2];
      addr.msf.frame = m[3];
    } else {
      addr.lba = (m[1] * 60 + m[2]) * 75 + m[3] - (relative ? 0 : 150);
    }
  };
  put(sc->cdsc_absaddr, data + 8, false);
  put(sc->cdsc_reladdr, data + 12, true);
  return 0;
}

// CDROM_DRIVE_STATUS from TEST UNIT READY, as sr_drive_status() maps its sense.
int driveStatus() {
  const uint8_t cdb[6] = {0x00, 0, 0, 0, 0, 0};
  const Outcome o = runCommand(cdb, sizeof(cdb), WireDirection::kNone, nullptr, 0);
  if (!o.ok) return CDS_NO_INFO;
  if (o.resp.status == 0) return CDS_DISC_OK;
  if (senseAsc(o.resp) == 0x3A) return o.resp.sense[13] == 0x02 ? CDS_TRAY_OPEN : CDS_NO_DISC;
  if (senseAsc(o.resp) == 0x04) return CDS_DRIVE_NOT_READY;
  return CDS_DISC_OK;  // e.g. a pending unit attention: the disc is there
}

// CDROM_DISC_STATUS (cdrom.c cdrom_ioctl_disc_status): audio, data, mixed or no info, from the TOC.
int discStatus() {
  const int drive = driveStatus();
  if (drive != CDS_DISC_OK) return drive;
  static thread_local uint8_t data[4 + 8 * 101];
  uint32_t got = 0;
  if (!readToc(1, false, data, sizeof(data), &got)) return CDS_NO_INFO;
  int audio = 0, datas = 0;
  for (uint32_t off = 4; off + 8 <= got; off += 8) {
    if (data[off + 2] == CDROM_LEADOUT) continue;
    ((data[off + 1] & 0x04) != 0 ? datas : audio)++;
  }
  if (audio > 0 && datas == 0) return CDS_AUDIO;
  if (audio > 0) return CDS_MIXED;
  return datas > 0 ? CDS_DATA_1 : CDS_NO_INFO;
}

int simpleCommand(std::initializer_list<uint8_t> bytes) {
  uint8_t cdb[12] = {};
  std::copy(bytes.begin(), bytes.end(), cdb);
  const Outcome o = runCommand(cdb, bytes.size(), WireDirection::kNone, nullptr, 0);
  return (o.ok && o.resp.status == 0) ? 0 : failWith(EIO);
}

int deviceIoctl(int fd, unsigned long request, void* arg) {
  auto* as_int = static_cast<int*>(arg);
  switch (request) {
    case SG_IO: return sgIo(static_cast<sg_io_hdr_t*>(arg));
    case SG_GET_VERSION_NUM: *as_int = 30536; return 0;  // sg 3.5.36, as current kernels report
    case SG_SET_TIMEOUT: {
      Lock lock(g_fds_mutex);
      g_fds[fd].timeout = *as_int;
      return 0;
    }
    case SG_GET_TIMEOUT: {
      Lock lock(g_fds_mutex);
      return g_fds[fd].timeout;  // the ioctl's return value, in jiffies
    }
    case SG_GET_RESERVED_SIZE: {
      Lock lock(g_fds_mutex);
      *as_int = g_fds[fd].reserved_size;
      return 0;
    }
    case SG_SET_RESERVED_SIZE: {
      if (*as_int < 0) return failWith(EINVAL);
      Lock lock(g_fds_mutex);
      g_fds[fd].reserved_size = std::min(*as_int, 1 << 20);
      return 0;
    }
    case SG_GET_SCSI_ID: {
      auto* id = static_cast<sg_scsi_id*>(arg);
      std::memset(id, 0, sizeof(*id));
      id->host_no = static_cast<int>(config().n);
      id->scsi_type = TYPE_ROM;
      id->h_cmd_per_lun = 1;
      id->d_queue_depth = 1;
      return 0;
    }
    case SCSI_IOCTL_GET_IDLUN: {
      // dev_id = id | lun << 8 | channel << 16 | host << 24 (scsi_ioctl.c); host N, the rest 0.
      auto* idlun = static_cast<int*>(arg);
      idlun[0] = static_cast<int>(config().n << 24);
      idlun[1] = static_cast<int>(config().n);
      return 0;
    }
    case SCSI_IOCTL_GET_BUS_NUMBER: *as_int = static_cast<int>(config().n); return 0;
    case 0x030d: return failWith(EINVAL);  // HDIO_GET_IDENTITY: not an ATA disk (libburn expects this)
    case CDROM_SEND_PACKET: return sendPacket(static_cast<cdrom_generic_command*>(arg));
    case CDROM_MEDIA_CHANGED: return 0;
    case CDROM_GET_CAPABILITY:
      return CDC_CLOSE_TRAY | CDC_OPEN_TRAY | CDC_LOCK | CDC_SELECT_SPEED | CDC_MULTI_SESSION | CDC_MCN |
             CDC_MEDIA_CHANGED | CDC_PLAY_AUDIO | CDC_RESET | CDC_DRIVE_STATUS | CDC_GENERIC_PACKET | CDC_CD_R |
             CDC_CD_RW;
    case CDROM_DRIVE_STATUS: return driveStatus();
    case CDROM_DISC_STATUS: return discStatus();
    case CDROMREADTOCHDR: return readTocHeader(static_cast<cdrom_tochdr*>(arg));
    case CDROMREADTOCENTRY: return readTocEntry(static_cast<cdrom_tocentry*>(arg));
    case CDROMMULTISESSION: return readMultisession(static_cast<cdrom_multisession*>(arg));
    case CDROM_LOCKDOOR: return simpleCommand({0x1E, 0, 0, 0, static_cast<uint8_t>(arg != nullptr ? 1 : 0), 0});
    case CDROMEJECT: return simpleCommand({0x1B, 0, 0, 0, 0x02, 0});       // START STOP UNIT LoEj
    case CDROMCLOSETRAY: return simpleCommand({0x1B, 0, 0, 0, 0x03, 0});   // LoEj + Start
    case CDROM_SELECT_SPEED: return 0;
    case DVD_READ_STRUCT: return failWith(EIO);  // a CD drive: READ DVD STRUCTURE fails
    case CDROM_GET_MCN: return readMcn(static_cast<cdrom_mcn*>(arg));
    case CDROMSUBCHNL: return readSubChannel(static_cast<cdrom_subchnl*>(arg));
    case BLKSSZGET: *as_int = kBlockBytes; return 0;
    case BLKGETSIZE64: *static_cast<uint64_t*>(arg) = static_cast<uint64_t>(capacityBytes()); return 0;
    // growisofs flushes the block layer's cache after writing; reads here never go through one.
    case BLKFLSBUF: return 0;
    default:
      logUnsupported("ioctl", request);
      return failWith(ENOTTY);
  }
}

}  // namespace dm::sgio::shim
