// Reads a layer blob file (gzip, zstd, xz, bzip2 or plain tar) as its uncompressed tar, in
// pieces, while hashing both forms: extraction, the diff ID and the blob digest in one pass,
// without ever holding the layer in memory (a small blob may inflate to gigabytes).
#pragma once

#include <zlib.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/fd.hpp"
#include "common/result.hpp"
#include "layers/digest.hpp"

struct archive; // libarchive

namespace mydocker::layers {

class BlobTarReader {
public:
  static Result<std::unique_ptr<BlobTarReader>> open(const std::string& path);
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
  // Plain and gzip are read here (gzip members back to back, as Go); the rest by libarchive.
  enum class Mode { Plain, Gzip, Filtered };
  BlobTarReader(Fd fd, Mode mode);
  Result<void> open_filter();
  long read_input();
  long next_gzip(const void** buffer);
  long next_filtered(const void** buffer);
  long fail(Error e);

  Fd m_fd;
  Mode m_mode;
  ::archive* m_archive = nullptr;
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
