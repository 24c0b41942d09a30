// Reads a layer blob file (gzip or plain tar) as its uncompressed tar, in pieces, while
// hashing both forms: extraction, the diff ID and the blob digest in one pass, without
// holding the layer in memory.
#pragma once

#include <zlib.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/fd.hpp"
#include "common/result.hpp"
#include "layers/digest.hpp"

namespace mydocker::layers {

class BlobTarReader {
public:
  // nullopt when the blob is neither gzip nor a plain tar (the caller decompresses it whole).
  static Result<std::optional<std::unique_ptr<BlobTarReader>>> open(const std::string& path);
  ~BlobTarReader();

  // libarchive's read callback: the next uncompressed bytes, 0 at the end, -1 on errors.
  long next(const void** buffer);
  // Reads what the tar reader left (end-of-archive padding counts for the diff ID).
  Result<void> drain();
  std::optional<Error> error() const { return m_error; }
  std::string diff_id() { return m_tar_hash.digest(); }
  std::string blob_digest() { return m_blob_hash.digest(); }
  int64_t blob_size() const { return m_blob_size; }

private:
  BlobTarReader(Fd fd, bool gzip);
  long read_input();
  long fail(Error e);

  Fd m_fd;
  bool m_gzip;
  z_stream m_z{};
  bool m_z_end = false;      // no more members
  bool m_member_end = false; // one gzip member ended
  std::vector<char> m_in;
  std::vector<char> m_out;
  size_t m_in_len = 0;
  bool m_input_done = false;
  int64_t m_blob_size = 0;
  Sha256 m_tar_hash;
  Sha256 m_blob_hash;
  std::optional<Error> m_error;
};

} // namespace mydocker::layers
