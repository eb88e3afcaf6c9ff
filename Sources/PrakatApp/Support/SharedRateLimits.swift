import Fluent
import Foundation
import NIOConcurrencyHelpers
import PrakatCore
import SQLKit
import Vapor

/// The rate limits' buckets in the database, for PostgreSQL, where several instances serve one
/// site (issue 15 §7: counted in memory, N instances allowed N times the configured rate).
/// One row per rule and client key holding GCRA's theoretical arrival time (seconds since
/// 1970); a request passes through one atomic upsert that only moves the time forward when the
/// request is within the limit, so two instances can never both spend the last request.
/// SQLite serves one instance and keeps the buckets in memory (`RateLimits`).
struct CreateRateLimitBuckets: AsyncMigration {
    static let schema = "rate_limit_buckets"

    func prepare(on database: any Database) async throws {
        try await database.schema(Self.schema)
            .field("rule", .string, .required)
            .field("key", .string, .required)
            .field("tat", .double, .required)
            .unique(on: "rule", "key")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema(Self.schema).delete()
    }
}

final class SharedRateLimits: Sendable {
    let settings: RateLimitSettings
    let window: TimeInterval
    /// When full buckets were last swept from the table.
    private let lastSweep = NIOLockedValueBox<Date?>(nil)

    init(settings: RateLimitSettings, window: TimeInterval = 60) {
        self.settings = settings
        self.window = window
    }

    func attempt(_ rule: RateLimitRule, key: String, at now: Date, on sql: any SQLDatabase) async throws -> RateLimiter.Decision {
        let limit = rule.limit(in: settings)
        let interval = window / Double(limit)
        let tolerance = window - interval
        let nowSeconds = now.timeIntervalSince1970
        struct Row: Decodable { var tat: Double }
        // Passes when max(tat, now) - tolerance <= now; then tat becomes max(tat, now) + interval.
        // Prepared: it runs before every search and form post, and parsing it anew each time was
        // most of its cost to PostgreSQL.
        let passed = try await PreparedStatements.first(
            """
            INSERT INTO rate_limit_buckets (rule, key, tat) VALUES (\(bind: rule.rawValue), \(bind: key), \(bind: nowSeconds + interval))
            ON CONFLICT (rule, key) DO UPDATE SET tat = GREATEST(rate_limit_buckets.tat, \(bind: nowSeconds)) + \(bind: interval)
            WHERE GREATEST(rate_limit_buckets.tat, \(bind: nowSeconds)) - \(bind: tolerance) <= \(bind: nowSeconds)
            RETURNING tat
            """,
            on: sql
        )?.decode(model: Row.self)
        try await sweep(now: now, on: sql)
        if let passed {
            let remaining = ((nowSeconds + window - passed.tat) / interval).rounded(.down)
            return .allowed(remaining: max(0, Int(remaining)))
        }
        let stored = try await sql.raw("SELECT tat FROM rate_limit_buckets WHERE rule = \(bind: rule.rawValue) AND key = \(bind: key)")
            .first(decoding: Row.self)
        return RateLimiter.next(theoretical: stored.map { Date(timeIntervalSince1970: $0.tat) }, at: now, limit: limit, window: window).decision
    }

    /// A bucket whose time has passed is full again, as if it were not there: at most once a
    /// minute per instance, those rows go.
    private func sweep(now: Date, on sql: any SQLDatabase) async throws {
        let due = lastSweep.withLockedValue { last -> Bool in
            guard last.map({ now.timeIntervalSince($0) >= 60 || now < $0 }) ?? true else { return false }
            last = now
            return true
        }
        if due { try await sql.raw("DELETE FROM rate_limit_buckets WHERE tat < \(bind: now.timeIntervalSince1970)").run() }
    }
}
