#include "storage/kiosks/pairing_repository.hpp"

#include <string>
#include <utility>

#include "storage/values.hpp"

namespace linli::storage {

namespace {

using kiosks::Pairing;
using kiosks::PairingRequest;

class SqlPairingRepository final : public kiosks::PairingRepository {
 public:
  explicit SqlPairingRepository(Database& database) : database_(database) {}

  core::Result<int64_t> Open(const Pairing& pairing, std::string_view secret_hash) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    return InTransaction<int64_t>(*connection, [&](Connection& c) -> core::Result<int64_t> {
      TRY(c.Query("DELETE FROM kiosk_pairings WHERE kiosk_id = ? OR expires_at <= ?",
                  {pairing.kiosk_id, pairing.created_at}));
      ASSIGN_OR_RETURN(auto inserted,
                       c.Query("INSERT INTO kiosk_pairings (kiosk_id, secret_hash, created_at, "
                               "expires_at) VALUES (?, ?, ?, ?) RETURNING id",
                               {pairing.kiosk_id, std::string(secret_hash), pairing.created_at,
                                pairing.expires_at}));
      return inserted.rows.at(0).Int(0);
    });
  }

  core::Result<std::optional<Pairing>> Find(int64_t id, int64_t kiosk_id) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("SELECT id, kiosk_id, created_at, expires_at, approved_at, "
                                       "account_id, consumed_at FROM kiosk_pairings WHERE id = ? "
                                       "AND kiosk_id = ?",
                                       {id, kiosk_id}));
    if (result.rows.empty()) return std::optional<Pairing>();
    const Row& row = result.rows[0];
    Pairing pairing;
    pairing.id = row.Int(0);
    pairing.kiosk_id = row.Int(1);
    pairing.created_at = row.Int(2);
    pairing.expires_at = row.Int(3);
    pairing.approved_at = IntOrNullopt(row, 4);
    pairing.account_id = IntOrNullopt(row, 5);
    pairing.consumed_at = IntOrNullopt(row, 6);
    return std::optional<Pairing>(std::move(pairing));
  }

  core::Result<std::optional<PairingRequest>> FindPending(std::string_view secret_hash,
                                                          int64_t now) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(
        auto result,
        connection->Query(
            "SELECT p.id, p.kiosk_id, k.name, k.location, k.community_code, COALESCE(d.name, ''), "
            "p.expires_at FROM kiosk_pairings p JOIN kiosks k ON k.id = p.kiosk_id "
            "LEFT JOIN divisions d ON d.code = k.community_code WHERE p.secret_hash = ? AND "
            "p.approved_at IS NULL AND p.consumed_at IS NULL AND p.expires_at > ? AND "
            "k.enabled = 1 AND k.kind = 'kiosk'",
            {std::string(secret_hash), now}));
    if (result.rows.empty()) return std::optional<PairingRequest>();
    const Row& row = result.rows[0];
    PairingRequest request;
    request.id = row.Int(0);
    request.kiosk_id = row.Int(1);
    request.kiosk_name = row.Text(2);
    request.location = row.Text(3);
    request.community_code = row.Text(4);
    request.community_name = row.Text(5);
    request.expires_at = row.Int(6);
    return std::optional<PairingRequest>(std::move(request));
  }

  core::Result<bool> Approve(int64_t id, int64_t account_id, int64_t now) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("UPDATE kiosk_pairings SET approved_at = ?, account_id = ? "
                                       "WHERE id = ? AND approved_at IS NULL AND consumed_at IS "
                                       "NULL AND expires_at > ?",
                                       {now, account_id, id, now}));
    return result.affected_rows == 1;
  }

  core::Result<bool> Consume(int64_t id, int64_t now) override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result,
                     connection->Query("UPDATE kiosk_pairings SET consumed_at = ? WHERE id = ? AND "
                                       "approved_at IS NOT NULL AND consumed_at IS NULL AND "
                                       "expires_at > ?",
                                       {now, id, now}));
    return result.affected_rows == 1;
  }

  core::Result<int64_t> Count() override {
    ASSIGN_OR_RETURN(auto connection, database_.Acquire());
    ASSIGN_OR_RETURN(auto result, connection->Query("SELECT COUNT(*) FROM kiosk_pairings", {}));
    return result.rows.at(0).Int(0);
  }

 private:
  Database& database_;
};

}  // namespace

std::unique_ptr<kiosks::PairingRepository> MakeSqlPairingRepository(Database& database) {
  return std::make_unique<SqlPairingRepository>(database);
}

}  // namespace linli::storage
