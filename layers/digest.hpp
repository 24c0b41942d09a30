// sha256 digests in the registry form "sha256:<64 hex>", streamed through OpenSSL EVP.
#pragma once

#include <memory>
#include <string>
#include <string_view>

namespace mydocker::layers {

class Sha256 {
public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void update(std::string_view data);
  std::string digest(); // "sha256:<hex>"; the hasher is finished afterwards

private:
  struct State;
  std::unique_ptr<State> m_state;
};

std::string sha256_digest(std::string_view data);
// "sha256:<64 lower hex>"
bool is_valid_digest(std::string_view digest);
// The hex part of "sha256:<hex>" (or the input when it has no algorithm prefix).
std::string digest_hex(std::string_view digest);

} // namespace mydocker::layers
