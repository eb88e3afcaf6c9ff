import Fluent
import Foundation

/// Lockout after repeated failures, per account name and per client address. Names that do not
/// exist are counted exactly like real ones, so the lockout itself reveals nothing.
struct LoginThrottle: Sendable {
    var window: TimeInterval = 15 * 60
    var maxFailuresPerAccount = 5
    var maxFailuresPerAddress = 20

    func isLocked(username: String, address: String, now: Date, on db: any Database) async throws -> Bool {
        let since = now.addingTimeInterval(-window)
        let accountFailures = try await LoginFailure.query(on: db)
            .filter(\.$kind == LoginFailure.Kind.account.rawValue)
            .filter(\.$key == username.lowercased())
            .filter(\.$at > since)
            .count()
        if accountFailures >= maxFailuresPerAccount { return true }
        let addressFailures = try await LoginFailure.query(on: db)
            .filter(\.$kind == LoginFailure.Kind.address.rawValue)
            .filter(\.$key == address)
            .filter(\.$at > since)
            .count()
        return addressFailures >= maxFailuresPerAddress
    }

    func recordFailure(username: String, address: String, now: Date, on db: any Database) async throws {
        try await LoginFailure(kind: .account, key: username.lowercased(), at: now).create(on: db)
        try await LoginFailure(kind: .address, key: address, at: now).create(on: db)
        // Old rows are of no use to the window; keep the table small.
        try await LoginFailure.query(on: db).filter(\.$at < now.addingTimeInterval(-24 * 3600)).delete()
    }

    func clearAccount(username: String, on db: any Database) async throws {
        try await LoginFailure.query(on: db)
            .filter(\.$kind == LoginFailure.Kind.account.rawValue)
            .filter(\.$key == username.lowercased())
            .delete()
    }
}
