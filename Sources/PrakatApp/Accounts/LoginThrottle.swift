import Fluent
import Foundation

/// Lockout after repeated failures, per account name and per client address. Names that do not
/// exist are counted exactly like real ones, so the lockout itself reveals nothing.
///
/// An attempt is counted *before* its password is checked, inside one write transaction, so a
/// burst of parallel requests cannot all slip past the check while bcrypt runs; a successful
/// attempt takes its reservation back.
struct LoginThrottle: Sendable {
    var window: TimeInterval = 15 * 60
    var maxFailuresPerAccount = 5
    var maxFailuresPerAddress = 20
    /// Longer names cannot exist (usernames are at most 40 characters); keys stay small.
    static let maximumKeyLength = 64

    struct Reservation: Sendable {
        var rowIDs: [UUID]
        var accountKey: String
        /// This attempt is the one that reaches the limit: worth an audit entry.
        var reachesLimit: Bool
    }

    /// Control characters are dropped: they cannot be in a username, and PostgreSQL refuses NUL.
    static func accountKey(_ username: String) -> String {
        let printable = String(String.UnicodeScalarView(username.lowercased().unicodeScalars.filter { $0.properties.generalCategory != .control }))
        return String(printable.prefix(maximumKeyLength))
    }

    /// IPv6 clients can hold a whole /64; counting per address there would let one client rotate
    /// through billions of addresses.
    static func addressKey(_ address: String) -> String {
        guard address.contains(":"), let bytes = IPAddressRange.parseAddress(address), bytes.count == 16 else { return address }
        let prefix = stride(from: 0, to: 8, by: 2).map { String(format: "%02x%02x", bytes[$0], bytes[$0 + 1]) }
        return prefix.joined(separator: ":") + "::/64"
    }

    /// Returns nil when the name or the address is locked; otherwise records this attempt.
    func reserve(username: String, address: String, now: Date, in tx: WriteTransaction) async throws -> Reservation? {
        let accountKey = LoginThrottle.accountKey(username)
        let addressKey = LoginThrottle.addressKey(address)
        let since = now.addingTimeInterval(-window)
        let accountFailures = try await recent(.account, accountKey, since: since, on: tx.db)
        let addressFailures = try await recent(.address, addressKey, since: since, on: tx.db)
        if accountFailures >= maxFailuresPerAccount || addressFailures >= maxFailuresPerAddress { return nil }
        let rows = [LoginFailure(kind: .account, key: accountKey, at: now), LoginFailure(kind: .address, key: addressKey, at: now)]
        for row in rows { try await row.create(on: tx.db) }
        // Old rows are of no use to the window; keep the table small.
        try await LoginFailure.query(on: tx.db).filter(\.$at < now.addingTimeInterval(-24 * 3600)).delete()
        return Reservation(
            rowIDs: rows.compactMap(\.id), accountKey: accountKey,
            reachesLimit: accountFailures + 1 == maxFailuresPerAccount || addressFailures + 1 == maxFailuresPerAddress)
    }

    /// After a successful sign-in: the attempt was no failure, and the account starts afresh.
    func release(_ reservation: Reservation, in tx: WriteTransaction) async throws {
        try await LoginFailure.query(on: tx.db).filter(\.$id ~~ reservation.rowIDs).delete()
        try await LoginFailure.query(on: tx.db)
            .filter(\.$kind == LoginFailure.Kind.account.rawValue)
            .filter(\.$key == reservation.accountKey)
            .delete()
    }

    /// Takes back only this attempt (a right password still waiting for its second factor).
    func releaseAttempt(_ reservation: Reservation, in tx: WriteTransaction) async throws {
        try await LoginFailure.query(on: tx.db).filter(\.$id ~~ reservation.rowIDs).delete()
    }

    private func recent(_ kind: LoginFailure.Kind, _ key: String, since: Date, on db: any Database) async throws -> Int {
        try await LoginFailure.query(on: db)
            .filter(\.$kind == kind.rawValue)
            .filter(\.$key == key)
            .filter(\.$at > since)
            .count()
    }
}
