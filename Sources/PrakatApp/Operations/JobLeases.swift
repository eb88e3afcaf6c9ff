import Fluent
import Foundation
import PrakatCore
import SQLKit
import Vapor

/// Which instance runs a background job that must run once across instances (issue 14 §7).
///
/// Several instances may share one PostgreSQL database; each starts the same jobs. A job that
/// records take-downs, sends reminders or mail, or checks links runs only where this instance
/// holds the job's lease: one row of `job_leases` (name, holder, expires_at). Taking it is one
/// conditional UPDATE, atomic on both databases, so two instances can never both hold it; the
/// holder renews it on every run, and a dead holder's lease runs out, after which the next
/// instance to ask takes over. Instance-local work (sealing this instance's traffic log,
/// flushing its visitor counts) takes no lease.
struct JobLeases: Sendable {
    static let schema = "job_leases"

    let db: any Database
    let writer: DatabaseWriter
    let clock: any PrakatClock
    /// This process: a new holder on every start, so a restarted instance waits for its old
    /// lease like any other.
    let holder: UUID

    /// True when this instance holds `name` from now until `duration` later (taken, or renewed).
    func acquire(_ name: String, for duration: TimeInterval) async throws -> Bool {
        let now = clock.now()
        let until = now.addingTimeInterval(duration)
        let me = holder.uuidString.lowercased()
        return try await writer.write { tx in
            guard let sql = tx.db as? any SQLDatabase else { return true }
            // The row exists from the first time anyone asks; then only the UPDATE decides.
            try await sql.insert(into: Self.schema).columns("name", "holder", "expires_at")
                .values(SQLBind(name), SQLBind(me), SQLBind(until))
                .ignoringConflicts(with: ["name"]).run()
            try await sql.raw(
                """
                UPDATE \(ident: Self.schema) SET holder = \(bind: me), expires_at = \(bind: until)
                WHERE name = \(bind: name) AND (holder = \(bind: me) OR expires_at <= \(bind: now))
                """
            ).run()
            let row = try await sql.select().column("holder").from(Self.schema).where("name", .equal, SQLBind(name)).first()
            return try row?.decode(column: "holder", as: String.self) == me
        }
    }

    /// Who holds `name` now (nil: nobody, or the lease ran out), for tests and the operator.
    func holder(of name: String) async throws -> String? {
        guard let sql = db as? any SQLDatabase,
            let row = try await sql.select().columns("holder", "expires_at").from(Self.schema).where("name", .equal, SQLBind(name)).first()
        else { return nil }
        return try row.decode(column: "expires_at", as: Date.self) > clock.now() ? try row.decode(column: "holder", as: String.self) : nil
    }
}

extension Application {
    var jobLeases: JobLeases { JobLeases(db: db, writer: writer, clock: clock, holder: dependencies.leaseHolder) }
}
