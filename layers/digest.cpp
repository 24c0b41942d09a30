#include "layers/digest.hpp"

#include <openssl/evp.h>

namespace mydocker::layers {

struct Sha256::State {
  EVP_MD_CTX* ctx = EVP_MD_CTX_new();
  ~State() { EVP_MD_CTX_free(ctx); }
};

Sha256::Sha256() : m_state(std::make_unique<State>()) {
  EVP_DigestInit_ex(m_state->ctx, EVP_sha256(), nullptr);
}

Sha256::~Sha256() = default;

void Sha256::update(std::string_view data) {
  EVP_DigestUpdate(m_state->ctx, data.data(), data.size());
}

std::string Sha256::digest() {
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestFinal_ex(m_state->ctx, out, &len);
  static const char* hex = "0123456789abcdef";
  std::string text = "sha256:";
  for (unsigned i = 0; i < len; ++i) {
    text += hex[out[i] >> 4];
    text += hex[out[i] & 15];
  }
  return text;
}

std::string sha256_digest(std::string_view data) {
  Sha256 h;
  h.update(data);
  return h.digest();
}

bool is_valid_digest(std::string_view d) {
  if (d.size() != 71 || d.substr(0, 7) != "sha256:")
    return false;
  for (char c : d.substr(7))
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
      return false;
  return true;
}

std::string digest_hex(std::string_view d) {
  size_t colon = d.find(':');
  return std::string(colon == std::string_view::npos ? d : d.substr(colon + 1));
}

} // namespace mydocker::layers
